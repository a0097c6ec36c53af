import type { CacheReader } from '../store/cache/cache-handles';
import { cachedStatement } from './statement-cache';

// OpenCX's session object carries an assignee's id only, and the API lists no agents; their
// names appear in transcripts, as the sender of human-agent messages. The first such name in a
// cached transcript of one of the assignee's sessions is the name shown. Learnt names are kept
// per cache connection; an id with no name yet is asked again after a while (transcripts arrive).

const RETRY_MISS_MS = 30_000;
const memo = new WeakMap<CacheReader, Map<string, { name: string | null; at: number }>>();

/** Display names for the assignee ids, where a cached transcript gave one. */
export function assigneeNames(
  reader: CacheReader,
  ids: readonly string[],
  now: number = Date.now(),
): Map<string, string> {
  let known = memo.get(reader);
  if (!known) {
    known = new Map();
    memo.set(reader, known);
  }
  const lookup = cachedStatement<string>(
    reader,
    `SELECT json_extract(e.value, '$.event.sender.name')
     FROM sessions s INDEXED BY sessions_by_assignee
     JOIN session_history h ON h.session_id = s.id, json_each(h.events) e
     WHERE s.assignee_id = ?
       AND json_extract(e.value, '$.event.sender.type') = 'human_agent'
       AND json_extract(e.value, '$.event.sender.name') IS NOT NULL
     LIMIT 1`,
  ).pluck();
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    let entry = known.get(id);
    if (!entry || (entry.name === null && now - entry.at > RETRY_MISS_MS)) {
      entry = { name: lookup.get(id) ?? null, at: now };
      known.set(id, entry);
    }
    if (entry.name !== null) names.set(id, entry.name);
  }
  return names;
}
