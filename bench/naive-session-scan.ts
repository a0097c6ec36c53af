import type { CacheReader } from '../src-main/engine/store/cache/cache-handles';
import type { Session } from '../src-shared/opencx/session';
import type { ParsedSession } from './naive-session-filter';

/**
 * Every cached session's raw JSON, parsed, with its tags when asked for: the naive approach's
 * first step on every query, since it keeps nothing indexed (and nothing parsed) between queries.
 */
export function loadEverySession(db: CacheReader, withTags: boolean): ParsedSession[] {
  const tagsById = new Map<string, string[]>();
  if (withTags) {
    const memberships = db
      .prepare<[], { id: string; tag_name: string }>(
        'SELECT s.id, t.tag_name FROM session_tags t JOIN sessions s ON s.rid = t.session_rid',
      )
      .all();
    for (const { id, tag_name } of memberships) {
      const tags = tagsById.get(id);
      if (tags) tags.push(tag_name);
      else tagsById.set(id, [tag_name]);
    }
  }
  const raws = db.prepare<[], string>('SELECT raw FROM session_documents').pluck().all();
  return raws.map((raw) => {
    const session = JSON.parse(raw) as Session;
    return { session, tags: tagsById.get(session.id) ?? [] };
  });
}
