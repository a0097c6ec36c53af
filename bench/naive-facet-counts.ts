import type { CacheReader } from '../src-main/engine/store/cache/cache-handles';
import type { SessionFilter } from '../src-shared/filter/session-filter';
import { FACET_FIELDS, type FacetField } from '../src-shared/contract/facet-counts';
import { naiveSessionPredicate, type ParsedSession } from './naive-session-filter';
import { loadEverySession } from './naive-session-scan';

/** The filter keys each facet leaves out when counting itself (disjunctive facets). */
const OWN_KEYS: Record<FacetField, readonly (keyof SessionFilter)[]> = {
  status: ['status'],
  sentiment: ['sentiment'],
  channel: ['channels'],
  team: ['team_ids'],
  assignee: ['assignee_ids', 'unassigned'],
  language: ['languages'],
  ai_closure_type: ['ai_closure_type'],
  tag: ['tags'],
};

const VALUES: Record<FacetField, (row: ParsedSession) => readonly (string | null)[]> = {
  status: ({ session }) => [session.status],
  sentiment: ({ session }) => [session.sentiment ?? null],
  channel: ({ session }) => [session.channel.type],
  team: ({ session }) => [session.team?.id ?? null],
  assignee: ({ session }) => [session.assignee_id ?? null],
  language: ({ session }) => [session.language ?? null],
  ai_closure_type: ({ session }) => [session.ai_closure_type ?? null],
  tag: ({ tags }) => tags,
};

/** Count per value (null: sessions without one), for each facet. */
export type NaiveFacetCounts = Record<FacetField, Map<string | null, number>>;

/**
 * Disjunctive facet counts the naive way: parse every cached row, then for each facet filter by
 * every constraint but its own and count values in JS.
 */
export function naiveFacetCounts(db: CacheReader, filter: SessionFilter): NaiveFacetCounts {
  const rows = loadEverySession(db, true);
  const result = {} as NaiveFacetCounts;
  for (const field of FACET_FIELDS) {
    const rest: SessionFilter = { ...filter };
    for (const key of OWN_KEYS[field]) delete rest[key];
    const matches = naiveSessionPredicate(rest);
    const counts = new Map<string | null, number>();
    for (const row of rows) {
      if (!matches(row)) continue;
      for (const value of VALUES[field](row)) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    result[field] = counts;
  }
  return result;
}
