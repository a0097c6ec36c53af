import { describe, expect, it } from 'vitest';
import {
  describeActivity,
  describeEta,
  describeProgress,
  describeWait,
  progressFraction,
} from './sync-progress';

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

describe('the progress bar and its words', () => {
  it('measures done of total where the engine counts them', () => {
    expect(
      progressFraction({ ...progress, phase: 'history', done: 30, total: 120 }, 5_000),
    ).toBeCloseTo(0.25);
    expect(describeProgress({ ...progress, phase: 'history', done: 30, total: 120 })).toBe(
      'Downloading transcripts: 30 of 120',
    );
  });

  it('counts the indexes a first sync builds at its end', () => {
    const indexing = { ...progress, phase: 'indexing' as const, done: 3, total: 14 };
    expect(describeProgress(indexing)).toBe('Indexing the cache: 3 of 14 indexes');
    expect(progressFraction(indexing, 1_000)).toBeCloseTo(3 / 14);
  });

  it('measures from the estimate otherwise, and says nothing it cannot know', () => {
    expect(progressFraction({ ...progress, eta_ms: 30_000 }, 10_000)).toBeCloseTo(0.25);
    expect(progressFraction(progress, 10_000)).toBeNull();
    expect(describeEta(20_000)).toBe('about 20 s left');
    expect(describeEta(null)).toBe('');
  });

  it('explains a wait for the rate limit', () => {
    expect(describeWait({ ...progress, waiting_ms: 20_000 })).toMatch(
      /^Waiting 20 s for OpenCX’s rate limit/,
    );
    expect(describeWait(progress)).toBeNull();
  });
});
