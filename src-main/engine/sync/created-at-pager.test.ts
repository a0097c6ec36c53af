import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { Session } from '../../../src-shared/opencx/session';
import { NEWEST_FIRST, OLDEST_FIRST, walkCreatedAt, type PagerDirection } from './created-at-pager';
import type { SyncSource } from './sync-ports';
import { arraySyncSource, seededRandom, sessionCreatedAt } from './testing/array-sync-source';

const options = () => ({ priority: 'delta' as const, signal: new AbortController().signal });

async function walkAll<P extends { page: number }>(
  source: SyncSource,
  direction: PagerDirection<P>,
  scope: SessionFilter = {},
  start: P = direction.at(null, 1),
): Promise<Session[]> {
  const seen: Session[] = [];
  for await (const step of walkCreatedAt(source, direction, scope, start, options())) {
    seen.push(...step.sessions);
  }
  return seen;
}

const minute = (m: number) => Date.UTC(2026, 0, 1) + m * 60_000;

const DIRECTIONS: [string, PagerDirection<{ page: number }>, (a: number, b: number) => number][] = [
  ['oldest first', OLDEST_FIRST, (a, b) => a - b],
  ['newest first', NEWEST_FIRST, (a, b) => b - a],
];

describe.each(DIRECTIONS)('walking sessions by created_at, %s', (_name, direction, order) => {
  it('fetches every session in order, even when shuffled ties straddle pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 450 }),
        fc.integer(),
        async (minutes, seed) => {
          const sessions = minutes.map((m, i) => sessionCreatedAt(i, minute(m)));
          const seen = await walkAll(arraySyncSource(sessions, seededRandom(seed)), direction);
          expect(new Set(seen.map((s) => s.id))).toEqual(new Set(sessions.map((s) => s.id)));
          const times = seen.map((s) => Date.parse(s.created_at));
          expect(times).toEqual([...times].sort(order));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('moves past one instant shared by more sessions than a page holds, and ends', async () => {
    const sessions = Array.from({ length: 250 }, (_, i) => sessionCreatedAt(i, minute(60)));
    sessions.push(sessionCreatedAt(999, minute(direction.order === 'asc' ? 120 : 0)));
    const source = arraySyncSource(sessions, () => 0.5);
    const seen = await walkAll(source, direction);
    expect(new Set(seen.map((s) => s.id)).size).toBe(251);
    expect(source.requests).toBeLessThan(10);
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const source = arraySyncSource([sessionCreatedAt(1, 0)], () => 0.5);
    const walk = walkCreatedAt(source, direction, {}, direction.at(null, 1), {
      priority: 'delta',
      signal: controller.signal,
    });
    await expect(walk.next()).rejects.toThrow();
    expect(source.requests).toBe(0);
  });
});

describe('the window within a scope', () => {
  const sessions = Array.from({ length: 300 }, (_, i) =>
    sessionCreatedAt(i, Date.UTC(2026, 0, 1) + i * 1000),
  );
  const ids = (list: Session[]) => new Set(list.map((s) => s.id));

  it('resumes oldest first from a saved position without going back to the start', async () => {
    const from = sessions[200]!.created_at;
    const seen = await walkAll(
      arraySyncSource(sessions, () => 0.5),
      OLDEST_FIRST,
      {},
      {
        from,
        page: 1,
      },
    );
    expect(seen[0]?.id).toBe('s200');
    expect(seen).toHaveLength(100);
  });

  it('stays below the range end it is given, newest first', async () => {
    const scope = { created_at: { to: sessions[120]!.created_at } };
    const seen = await walkAll(
      arraySyncSource(sessions, () => 0.5),
      NEWEST_FIRST,
      scope,
    );
    expect(ids(seen)).toEqual(ids(sessions.slice(0, 120)));
  });

  it('keeps a scope bound tighter than the position, in either direction', async () => {
    const scope = {
      created_at: { from: sessions[50]!.created_at, to: sessions[250]!.created_at },
    };
    const source = arraySyncSource(sessions, () => 0.5);
    const up = await walkAll(source, OLDEST_FIRST, scope, {
      from: sessions[10]!.created_at,
      page: 1,
    });
    expect(ids(up)).toEqual(ids(sessions.slice(50, 250)));
    const down = await walkAll(source, NEWEST_FIRST, scope, {
      before: sessions[290]!.created_at,
      page: 1,
    });
    expect(ids(down)).toEqual(ids(sessions.slice(50, 250)));
  });
});
