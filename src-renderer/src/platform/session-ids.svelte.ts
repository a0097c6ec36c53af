import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { SessionQuery } from '../state/session-query.svelte';
import { call } from './call';

/** The most ids one sessions.ids call checks (the contract's limit). */
const CHUNK = 100_000;

/** The ids of rows [start, end) of the list, in list order: loaded rows, else the engine's. */
export async function idsInRange(
  query: SessionQuery,
  start: number,
  end: number,
): Promise<string[]> {
  const loaded: string[] = [];
  for (let index = start; index < end; index += 1) {
    const row = query.rows.peek(index);
    if (!row) break;
    loaded.push(row.session.id);
  }
  if (loaded.length === end - start) return loaded;
  const answer = await call('sessions.ids', {
    filter: $state.snapshot(query.filter),
    sort: $state.snapshot(query.sort),
    offset: start,
    limit: end - start,
  });
  return answer.ids;
}

/** Which of `ids` match `filter`, asked of the engine. */
export async function idsMatching(filter: SessionFilter, ids: string[]): Promise<Set<string>> {
  // A local result, not state: nothing renders it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const answer = await call('sessions.ids', { filter, within: ids.slice(i, i + CHUNK) });
    for (const id of answer.ids) found.add(id);
  }
  return found;
}
