import { describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../src-shared/contract/results';
import { describeSyncProgress } from './sync-command';

const progress: SyncProgress = {
  phase: 'sessions',
  pages: 12,
  sessions: 1_200,
  requests_left: null,
  eta_ms: 20_000,
};

describe("the sync command's progress line", () => {
  it('counts sessions and pages while they come in', () => {
    expect(describeSyncProgress(progress)).toBe(
      'sessions: 1200 sessions, 12 pages, about 20 s left',
    );
  });

  it('counts the indexes a first sync builds at its end', () => {
    expect(describeSyncProgress({ ...progress, phase: 'indexing', done: 4, total: 13 })).toBe(
      'indexing: 4 of 13 indexes built',
    );
  });
});
