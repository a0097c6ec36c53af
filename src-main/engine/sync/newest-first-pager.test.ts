import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../src-shared/opencx/session';
import { walkNewestFirst } from './newest-first-pager';
import type { SyncSource } from './sync-ports';
import { arraySyncSource, seededRandom, sessionCreatedAt } from './testing/array-sync-source';

async function walkAll(source: SyncSource, before: string | null = null) {
  const seen: Session[] = [];
  const options = { priority: 'backfill' as const, signal: new AbortController().signal };
  const filters = before ? { created_at: { to: before } } : {};
  for await (const step of walkNewestFirst(source, filters, { before: null, page: 1 }, options)) {
    seen.push(...step.sessions);
  }
  return seen;
}

describe('walking sessions newest first', () => {
  it('fetches every session, newest first, even when shuffled ties straddle pages', async () => {
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
          const times = seen.map((s) => Date.parse(s.created_at));
          expect(times).toEqual([...times].sort((a, b) => b - a));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stays below the range end it is given', async () => {
    const sessions = Array.from({ length: 300 }, (_, i) =>
      sessionCreatedAt(i, Date.UTC(2026, 0, 1) + i * 1000),
    );
    const seen = await walkAll(
      arraySyncSource(sessions, () => 0.5),
      sessions[120]!.created_at,
    );
    expect(new Set(seen.map((s) => s.id))).toEqual(
      new Set(sessions.slice(0, 120).map((s) => s.id)),
    );
  });

  it('moves past one instant shared by more sessions than a page holds, and ends', async () => {
    const sessions = Array.from({ length: 250 }, (_, i) =>
      sessionCreatedAt(i, Date.UTC(2026, 0, 2)),
    );
    sessions.push(sessionCreatedAt(999, Date.UTC(2026, 0, 1)));
    const source = arraySyncSource(sessions, () => 0.5);
    const seen = await walkAll(source);
    expect(new Set(seen.map((s) => s.id)).size).toBe(251);
    expect(source.requests).toBeLessThan(10);
  });
});
