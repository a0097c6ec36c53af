import type { ContactMatch } from '../../../src-shared/contract/results';
import { readSnapshot, type CacheReader } from '../store/cache/cache-handles';
import { toFtsMatchExpression } from './fts-match-expression';
import { cachedStatement } from './statement-cache';

// The contact filter's type-ahead: contacts of cached sessions whose name, email or phone
// matches what was typed (through the full-text index's contact columns), most sessions first;
// or, for ids already in a filter, their names.

export interface ContactSearch {
  /** What was typed; the last word is prefix-matched. */
  text?: string;
  /** Ids to name (a filter from a view or a link). */
  ids?: readonly string[];
  limit: number;
}

const CONTACT_COLUMNS = '{contact_name contact_email contact_phone}';

export function searchContacts(reader: CacheReader, search: ContactSearch): ContactMatch[] {
  return readSnapshot(reader, () => {
    const ids = [...new Set(search.ids ?? [])];
    if (ids.length > 0) {
      return cachedStatement<ContactMatch>(
        reader,
        `SELECT s.contact_id AS id, max(d.contact_name) AS name, max(d.contact_email) AS email,
           max(d.contact_phone) AS phone, count(*) AS sessions
         FROM sessions s JOIN session_documents d ON d.rid = s.rid
         WHERE s.contact_id IN (${ids.map(() => '?').join(', ')})
         GROUP BY s.contact_id ORDER BY sessions DESC, s.contact_id LIMIT ?`,
      ).all(...ids, search.limit);
    }
    const match = toFtsMatchExpression(search.text ?? '');
    if (match === null) return [];
    return cachedStatement<ContactMatch>(
      reader,
      `SELECT s.contact_id AS id, max(d.contact_name) AS name, max(d.contact_email) AS email,
         max(d.contact_phone) AS phone, count(*) AS sessions
       FROM session_fts f
       JOIN sessions s ON s.rid = f.rowid
       JOIN session_documents d ON d.rid = s.rid
       WHERE session_fts MATCH ? AND s.contact_id IS NOT NULL
       GROUP BY s.contact_id ORDER BY sessions DESC, name LIMIT ?`,
    ).all(`${CONTACT_COLUMNS} : (${match})`, search.limit);
  });
}
