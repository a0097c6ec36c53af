import type { SyncProgress } from '../../../src-shared/contract/results';
import { formatDuration } from './date-time';

const PHASES: Record<SyncProgress['phase'], string> = {
  sessions: 'Syncing sessions',
  delta: 'Fetching changes',
  tags: 'Syncing tags',
  indexing: 'Indexing the cache',
  history: 'Downloading transcripts',
  backfill: 'Backfilling older sessions',
};

/** "Syncing sessions: 1,200 so far (page 12)". */
export function describeProgress(progress: SyncProgress | null): string {
  if (!progress) return 'Starting sync…';
  const count = progress.sessions.toLocaleString();
  if (progress.phase === 'indexing') {
    return progress.total
      ? `${PHASES.indexing}: ${progress.done ?? 0} of ${progress.total} indexes`
      : PHASES.indexing;
  }
  if (progress.phase === 'history') {
    const done = (progress.done ?? progress.pages).toLocaleString();
    return progress.total
      ? `${PHASES.history}: ${done} of ${progress.total.toLocaleString()}`
      : `${PHASES.history}: ${done} so far`;
  }
  return `${PHASES[progress.phase]}: ${count} so far (page ${progress.pages})`;
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

/**
 * How far the phase is, 0–1, or null when it cannot be told: done of total where the engine
 * counts them, else from the estimate (elapsed ÷ (elapsed + left)).
 */
export function progressFraction(progress: SyncProgress | null, elapsedMs: number): number | null {
  if (!progress) return null;
  if (
    progress.total &&
    progress.total > 0 &&
    progress.done !== undefined &&
    progress.done !== null
  ) {
    return Math.min(1, progress.done / progress.total);
  }
  if (progress.eta_ms !== null && elapsedMs > 0) {
    return Math.min(1, elapsedMs / (elapsedMs + progress.eta_ms));
  }
  return null;
}

/** "about 20 s left". */
export function describeEta(etaMs: number | null): string {
  return etaMs === null ? '' : `about ${formatDuration(etaMs)} left`;
}

/** "Waiting 20 s for OpenCX's rate limit (100 requests a minute)." */
export function describeWait(progress: SyncProgress | null): string | null {
  const wait = progress?.waiting_ms;
  if (!wait || wait < 1000) return null;
  return `Waiting ${formatDuration(wait)} for OpenCX’s rate limit (100 requests a minute); it carries on by itself.`;
}
