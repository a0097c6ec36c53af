import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../src-shared/opencx/session';
import { walkByCreatedAt } from './created-at-pager';
import type { SyncSource } from './sync-ports';
import { arraySyncSource, seededRandom, sessionCreatedAt } from './testing/array-sync-source';

async function walkAll(source: SyncSource): Promise<Session[]> {
  const seen: Session[] = [];
  const options = { priority: 'delta' as const, signal: new AbortController().signal };
  for await (const step of walkByCreatedAt(source, {}, { from: null, page: 1 }, options)) {
    seen.push(...step.sessions);
  }
  return seen;
}

describe('walking sessions by created_at', () => {
  it('fetches every session even when ties straddle page boundaries and come back shuffled', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 450 }),
        fc.integer(),
        async (minutes, seed) => {
          const sessions = minutes.map((m, i) =>
            sessionCreatedAt(i, Date.UTC(2026, 0, 1) + m * 60_000),
          );
          const seen = await walkAll(arraySyncSource(sessions, seededRandom(seed)));
          expect(new Set(seen.map((s) => s.id))).toEqual(new Set(sessions.map((s) => s.id)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('moves past one instant shared by more sessions than a page holds, and ends', async () => {
    const sessions = Array.from({ length: 250 }, (_, i) =>
      sessionCreatedAt(i, Date.UTC(2026, 0, 1)),
    );
    sessions.push(sessionCreatedAt(999, Date.UTC(2026, 0, 2)));
    const source = arraySyncSource(sessions, () => 0.5);
    const seen = await walkAll(source);
    expect(new Set(seen.map((s) => s.id)).size).toBe(251);
    expect(source.requests).toBeLessThan(10);
  });

  it('resumes from a saved position without going back to the start', async () => {
    const sessions = Array.from({ length: 300 }, (_, i) =>
      sessionCreatedAt(i, Date.UTC(2026, 0, 1) + i * 1000),
    );
    const source = arraySyncSource(sessions, () => 0.5);
    const options = { priority: 'delta' as const, signal: new AbortController().signal };
    const from = sessions[200]!.created_at;
    const seen: Session[] = [];
    for await (const step of walkByCreatedAt(source, {}, { from, page: 1 }, options)) {
      seen.push(...step.sessions);
    }
    expect(seen[0]?.id).toBe('s200');
    expect(seen).toHaveLength(100);
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const source = arraySyncSource([sessionCreatedAt(1, 0)], () => 0.5);
    const walk = walkByCreatedAt(
      source,
      {},
      { from: null, page: 1 },
      {
        priority: 'delta',
        signal: controller.signal,
      },
    );
    await expect(walk.next()).rejects.toThrow();
    expect(source.requests).toBe(0);
  });
});
