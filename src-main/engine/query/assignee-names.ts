import type { CacheReader } from '../store/cache/cache-handles';
import { cachedStatement } from './statement-cache';

// OpenCX's session object carries an assignee's id only, and the API lists no agents; their
// names appear in transcripts, as the sender of human-agent messages. The cache keeps the first
// name a stored transcript gave for each agent (assignee_names, migration 008; written by
// store/cache/transcript-store.ts).

/** Display names for the assignee ids, where a cached transcript gave one. */
export function assigneeNames(reader: CacheReader, ids: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const rows = cachedStatement<{ id: string; name: string }>(
    reader,
    `SELECT assignee_id AS id, name FROM assignee_names
     WHERE assignee_id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify([...new Set(ids)]));
  for (const { id, name } of rows) names.set(id, name);
  return names;
}
