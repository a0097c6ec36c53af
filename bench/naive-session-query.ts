import type { CacheReader } from '../src-main/engine/store/cache/cache-handles';
import type { SessionFilter } from '../src-shared/filter/session-filter';
import type { Session } from '../src-shared/opencx/session';
import { naiveSessionPredicate, type ParsedSession } from './naive-session-filter';
import { loadEverySession } from './naive-session-scan';

export interface NaivePage {
  items: Session[];
  total: number;
}

/**
 * The first page of `filter`'s matches by updated_at descending (id descending on ties), found
 * the naive way: parse every cached row, filter and sort in JS. Same order as the engine's
 * `{ field: 'updated_at', order: 'desc' }`, so the two pages can be compared id for id.
 */
export function naiveSessionQuery(
  db: CacheReader,
  filter: SessionFilter,
  limit: number,
): NaivePage {
  const matches = loadEverySession(db, filter.tags !== undefined).filter(
    naiveSessionPredicate(filter),
  );
  // Keys parsed once per match, not once per comparison: the baseline should be a fair one.
  const keyed = matches.map((row) => ({ row, ms: Date.parse(row.session.updated_at) }));
  keyed.sort(byUpdatedAtDesc);
  return { items: keyed.slice(0, limit).map(({ row }) => row.session), total: matches.length };
}

function byUpdatedAtDesc(
  a: { row: ParsedSession; ms: number },
  b: { row: ParsedSession; ms: number },
): number {
  if (a.ms !== b.ms) return b.ms - a.ms;
  const [x, y] = [a.row.session.id, b.row.session.id];
  return x < y ? 1 : x > y ? -1 : 0;
}
