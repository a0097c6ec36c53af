import type { Tag } from '../../../../src-shared/opencx/tag';
import type { CacheReader } from './cache-handles';

export interface TagReads {
  /** The tag catalog as the API sent it, by name. */
  listTags(): Tag[];
  /** Names of the tags a session carries, by name. */
  tagsOfSession(sessionId: string): string[];
}

export function tagReads(reader: CacheReader): TagReads {
  const catalog = reader.prepare<[], string>('SELECT raw FROM tags ORDER BY tag_name').pluck();
  const ofSession = reader
    .prepare<[string], string>(
      `SELECT t.tag_name FROM session_tags t JOIN sessions s ON s.rid = t.session_rid
       WHERE s.id = ? ORDER BY t.tag_name`,
    )
    .pluck();
  return {
    listTags: () => catalog.all().map((raw) => JSON.parse(raw) as Tag),
    tagsOfSession: (sessionId) => ofSession.all(sessionId),
  };
}
