import type { FilterResponse } from '../../../../src-shared/opencx/filter-request';
import type { Session } from '../../../../src-shared/opencx/session';
import type { CreatedAtPageRequest, SyncSource } from '../sync-ports';

/** A minimal session created at `createdMs`, for pager tests. */
export function sessionCreatedAt(id: number, createdMs: number): Session {
  const at = new Date(createdMs).toISOString();
  return {
    id: `s${id}`,
    status: 'open',
    channel: { type: 'web' },
    ticket_number: id,
    assist_mode: false,
    created_at: at,
    updated_at: at,
  };
}

/**
 * A source over an array with the documented semantics of created_at paging — `from`
 * inclusive, `to` exclusive, sorted by created_at in the request's order — and, like the real
 * API, no stable order among equal keys: each request shuffles ties with `random`.
 */
export function arraySyncSource(
  sessions: Session[],
  random: () => number,
): SyncSource & { requests: number } {
  const source = {
    requests: 0,
    filterSessions(request: CreatedAtPageRequest): Promise<FilterResponse> {
      source.requests += 1;
      const from = request.filters.created_at?.from;
      const to = request.filters.created_at?.to;
      const direction = request.sort_order === 'desc' ? -1 : 1;
      const matching = sessions
        .filter((s) => from === undefined || Date.parse(s.created_at) >= Date.parse(from))
        .filter((s) => to === undefined || Date.parse(s.created_at) < Date.parse(to))
        .map((s) => ({ s, r: random() }))
        .sort(
          (a, b) =>
            direction * (Date.parse(a.s.created_at) - Date.parse(b.s.created_at)) || a.r - b.r,
        )
        .map(({ s }) => s);
      const start = (request.page - 1) * request.limit;
      return Promise.resolve({
        data: matching.slice(start, start + request.limit),
        page: request.page,
        limit: request.limit,
        has_next: start + request.limit < matching.length,
        has_previous: request.page > 1,
      });
    },
    async filterSessionRefs(request: CreatedAtPageRequest) {
      const page = await source.filterSessions(request);
      return { ...page, data: page.data.map(({ id, created_at }) => ({ id, created_at })) };
    },
    listTags: () => Promise.resolve([]),
    budgetLeft: () => null,
    waitForSpareBudget: () => Promise.resolve(),
  };
  return source;
}

/** A repeatable random source in [0, 1) for a fast-check seed, to shuffle ties the same way twice. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}
