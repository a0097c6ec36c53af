import { describe, expect, it } from 'vitest';
import { describeActivity } from './sync-progress';

const progress = {
  phase: 'backfill' as const,
  pages: 3,
  sessions: 1200,
  requests_left: 80,
  eta_ms: null,
};

describe('what the status bar says sync is doing', () => {
  it('says Idle when nothing runs', () => {
    expect(describeActivity(false, false, null)).toBe('Idle');
  });

  it('describes the sync in progress', () => {
    expect(describeActivity(true, false, null)).toBe('Starting sync…');
    expect(describeActivity(true, false, { ...progress, phase: 'sessions' })).toMatch(
      /^Syncing sessions: 1,200 so far \(page 3\)$/,
    );
  });

  it('keeps saying so while older sessions and transcripts come in the background', () => {
    expect(describeActivity(false, true, null)).toBe('Fetching older sessions and transcripts…');
    expect(describeActivity(false, true, progress)).toMatch(/^Backfilling older sessions/);
  });
});
