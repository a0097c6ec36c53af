import type { FakeSession, TruthSession, TruthSnapshot } from '../data/fake-session';
import { parseFilterBody, type FakeFilterBody } from './filter-body';
import { selectPage } from './select-page';
import { compileFilters, type FilterSubject } from './session-matcher';

export interface FakeFilterResponse {
  data: FakeSession[];
  page: number;
  limit: number;
  has_next: boolean;
  has_previous: boolean;
}

export interface FakeFilterResult {
  /** Every matching session in sort order (equal keys in insertion order, reversed for desc). */
  matching: TruthSession[];
  /** The answer the fake gives when ties are not shuffled. */
  response: FakeFilterResponse;
}

type TruthSubject = FilterSubject & { truth: TruthSession };

/**
 * The fake's answer to a filter body over a truth snapshot, for tests to compute what a client
 * should see. Throws FilterBodyError for a body the server would answer with 400.
 */
export function applyFakeFilter(
  truth: TruthSnapshot,
  request: FakeFilterBody | unknown,
): FakeFilterResult {
  const body = parseFilterBody(request);
  const subjects: TruthSubject[] = truth.sessions.map((entry) => ({
    truth: entry,
    session: entry.session,
    createdMs: Date.parse(entry.session.created_at),
    updatedMs: Date.parse(entry.session.updated_at),
    lastMessageMs: Date.parse(entry.last_message_at),
    tags: entry.tags,
  }));
  const key =
    body.sortBy === 'created_at'
      ? (s: FilterSubject): number => s.createdMs
      : (s: FilterSubject): number => s.lastMessageMs;
  // Array.prototype.sort is stable, so equal keys keep insertion order, as the server does.
  const sortedAsc = [...subjects].sort((a, b) => key(a) - key(b));
  const matches = compileFilters(body.filters);
  const ordered = body.sortOrder === 'asc' ? sortedAsc : [...sortedAsc].reverse();
  const page = selectPage(sortedAsc, {
    matches,
    key,
    order: body.sortOrder,
    page: body.page,
    limit: body.limit,
  });
  return {
    matching: ordered.filter(matches).map((s) => s.truth),
    response: {
      data: page.items.map((s) => s.truth.session),
      page: body.page,
      limit: body.limit,
      has_next: page.hasNext,
      has_previous: body.page > 1,
    },
  };
}
