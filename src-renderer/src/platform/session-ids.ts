import type { SessionsPage } from '../../../src-shared/contract/results';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { MAX_PAGE_SIZE } from '../../../src-shared/filter/page-size';
import type { SessionQuery } from '../state/session-query.svelte';
import { call } from './call';

/** The ids of rows [start, end) of the list, in list order. */
export async function idsInRange(
  query: SessionQuery,
  start: number,
  end: number,
): Promise<string[]> {
  await query.rows.ensure(start, end);
  const ids: string[] = [];
  for (let index = start; index < end; index += 1) {
    const row = query.rows.peek(index);
    if (row) ids.push(row.session.id);
  }
  return ids;
}

/** Which of `ids` match `filter`, asked of the engine. */
export async function idsMatching(filter: SessionFilter, ids: string[]): Promise<Set<string>> {
  const wanted = new Set(ids);
  const found = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: SessionsPage = await call('sessions.list', {
      filter,
      limit: MAX_PAGE_SIZE,
      cursor,
    });
    for (const session of page.items) if (wanted.has(session.id)) found.add(session.id);
    cursor = page.next_cursor;
  } while (cursor && found.size < wanted.size);
  return found;
}
