import type { SyncProgress } from '../../../src-shared/contract/results';

const PHASES: Record<SyncProgress['phase'], string> = {
  sessions: 'Syncing sessions',
  delta: 'Fetching changes',
  tags: 'Syncing tags',
  history: 'Fetching transcripts',
  backfill: 'Backfilling older sessions',
};

/** "Syncing sessions: 1,200 so far (page 12)". */
export function describeProgress(progress: SyncProgress | null): string {
  if (!progress) return 'Starting sync…';
  const sessions = progress.sessions.toLocaleString();
  return `${PHASES[progress.phase]}: ${sessions} so far (page ${progress.pages})`;
}

/** The status bar's sentence for what sync is doing right now. */
export function describeActivity(
  running: boolean,
  background: boolean,
  progress: SyncProgress | null,
): string {
  if (running) return describeProgress(progress);
  if (!background) return 'Idle';
  return progress ? describeProgress(progress) : 'Fetching older sessions and transcripts…';
}
