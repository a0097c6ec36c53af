import type { ContactMatch } from '../../../src-shared/contract/results';
import { readSnapshot, type CacheReader } from '../store/cache/cache-handles';
import { toFtsMatchExpression } from './fts-match-expression';
import { cachedStatement } from './statement-cache';

// The contact filter's type-ahead: contacts of cached sessions whose name, email or phone
// matches what was typed (through the full-text index's contact columns), most sessions first;
// or, for ids already in a filter, their names.
//
// The cache has no contacts table, only sessions that carry a contact. Going from matching
// sessions to their contacts costs one sessions row per matching session, which is fine for a
// selective prefix and far too slow for a short one: at 1,000,000 sessions "w" matches 71,000
// of them (about 300 ms just to find their 301 contacts). So the search has two ways in:
// - few matching sessions (at most HITS_FIRST_MAX): from the matches to their contacts; a
//   contact matches when any of its sessions does;
// - many (one or two characters, a common domain such as "gmail"): from the contacts to the
//   matches, walking the distinct contact ids on the sessions_by_contact index (one seek each)
//   and testing each contact's newest session against the matches. Its cost follows the number
//   of contacts, not of sessions; a contact whose details changed matches on its newest ones.
// Either way a contact is counted and described from its own sessions (the index, then a
// handful of documents), only for the few that are returned. bench/contact-search-bench.ts
// measures both at 1,000,000 sessions.

export interface ContactSearch {
  /** What was typed; the last word is prefix-matched. */
  text?: string;
  /** Ids to name (a filter from a view or a link). */
  ids?: readonly string[];
  limit: number;
}

const CONTACT_COLUMNS = '{contact_name contact_email contact_phone}';

/**
 * Above this many matching sessions, the search starts from the contacts. At about 5 µs per
 * matching session (a sessions row each) this bounds the sessions-first way near 50 ms.
 */
export const HITS_FIRST_MAX = 10_000;

/** Sessions looked back through for a detail the newest ones leave out. */
const DETAIL_LOOKBACK = 20;

/**
 * Ranked contacts (`ranked(id, sessions)`, already limited) with their details: each field from
 * the contact's newest session that has it (among its last DETAIL_LOOKBACK), so a session that
 * left the phone out does not hide the phone another one gave.
 */
const DESCRIBED = `
  SELECT r.id, ${['name', 'email', 'phone'].map((field) => newestKnown(field)).join(', ')},
    r.sessions
  FROM ranked r
  ORDER BY r.sessions DESC, name, r.id`;

// Bounded because a contact who never gave a phone would otherwise have every one of its
// sessions' documents read (hundreds at 1,000,000 sessions) to find none.
function newestKnown(field: string): string {
  return `(SELECT value FROM (
        SELECT d.contact_${field} AS value FROM sessions s JOIN session_documents d ON d.rid = s.rid
        WHERE s.contact_id = r.id ORDER BY s.sort_last_ms DESC, s.rid DESC LIMIT ${DETAIL_LOOKBACK}
      ) WHERE value IS NOT NULL LIMIT 1) AS ${field}`;
}

/**
 * Each matched contact (`matched(id)`) with its cached sessions, most first, up to the limit.
 * Contacts tied on sessions at the limit are cut by id: cutting by name would read a document
 * for every matched contact (a thousand for "gmail" at 1,000,000 sessions) instead of the few
 * returned ones.
 */
const RANKED = `ranked(id, sessions) AS (
    SELECT m.id, (SELECT count(*) FROM sessions WHERE contact_id = m.id) AS sessions
    FROM matched m ORDER BY sessions DESC, m.id LIMIT ?
  )`;

const BY_IDS = `
  WITH matched(id) AS (SELECT DISTINCT contact_id FROM sessions WHERE contact_id IN (SELECT value FROM json_each(?))),
  ${RANKED}
  ${DESCRIBED}`;

/** The matching sessions' row ids, up to ? of them (-1: all). */
const HITS = `SELECT rowid FROM session_fts WHERE session_fts MATCH ? LIMIT ?`;

// The matches come as the row ids already read (a JSON array), so the full-text index is not
// searched twice: a phrase ending in one letter ("wilma.s") costs tens of milliseconds each time.
const SESSIONS_FIRST = `
  WITH matched(id) AS (
    SELECT DISTINCT s.contact_id FROM json_each(?) h CROSS JOIN sessions s ON s.rid = h.value
    WHERE s.contact_id IS NOT NULL
  ),
  ${RANKED}
  ${DESCRIBED}`;

// min(contact_id) above the previous one is one index seek: a loose index scan, which SQLite
// does not plan by itself (it would read all 1,000,000 index entries to group them). The matches
// then drive (CROSS JOIN keeps them outside), each probing the newest sessions through an
// automatic index on a few thousand rows: cheaper than building the set of a quarter of a
// million matches that "rid IN (…)" builds for a prefix such as "gm".
const CONTACTS_FIRST = `
  WITH RECURSIVE contact(id) AS (
    SELECT min(contact_id) FROM sessions
    UNION ALL
    SELECT (SELECT min(contact_id) FROM sessions WHERE contact_id > contact.id)
    FROM contact WHERE contact.id IS NOT NULL
  ),
  newest(id, rid) AS MATERIALIZED (
    SELECT id, (SELECT rid FROM sessions WHERE contact_id = contact.id
      ORDER BY sort_last_ms DESC, rid DESC LIMIT 1)
    FROM contact WHERE id IS NOT NULL
  ),
  matched(id) AS (
    SELECT n.id FROM session_fts f CROSS JOIN newest n ON n.rid = f.rowid
    WHERE session_fts MATCH ?
  ),
  ${RANKED}
  ${DESCRIBED}`;

/** Which way in: chosen from the number of matches unless a test or the benchmark says. */
export type ContactSearchWay = 'sessions-first' | 'contacts-first';

/**
 * Contacts for the type-ahead, or the contacts `ids` names. One or two characters go from the
 * contacts without counting matches: counting a one-letter prefix costs as much as that search
 * (the full-text index keeps prefixes of 2 and 3 characters only), and two letters matched
 * 28,000 to 250,000 of 1,000,000 sessions in the benchmark; in a small cache either way is cheap.
 * Longer text reads up to HITS_FIRST_MAX + 1 matching row ids and goes from those when that
 * was all of them.
 */
export function searchContacts(
  reader: CacheReader,
  search: ContactSearch,
  options: { way?: ContactSearchWay } = {},
): ContactMatch[] {
  return readSnapshot(reader, () => {
    const ids = [...new Set(search.ids ?? [])];
    if (ids.length > 0) {
      return cachedStatement<ContactMatch>(reader, BY_IDS).all(JSON.stringify(ids), search.limit);
    }
    const typed = search.text ?? '';
    const match = toFtsMatchExpression(typed);
    if (match === null) return [];
    const expression = `${CONTACT_COLUMNS} : (${match})`;
    const way = options.way ?? (typed.trim().length <= 2 ? 'contacts-first' : undefined);
    if (way !== 'contacts-first') {
      // Read one more than HITS_FIRST_MAX to know whether there are more.
      const hits = cachedStatement<number>(reader, HITS)
        .pluck()
        .all(expression, way === 'sessions-first' ? -1 : HITS_FIRST_MAX + 1);
      if (way === 'sessions-first' || hits.length <= HITS_FIRST_MAX) {
        return cachedStatement<ContactMatch>(reader, SESSIONS_FIRST).all(
          JSON.stringify(hits),
          search.limit,
        );
      }
    }
    return cachedStatement<ContactMatch>(reader, CONTACTS_FIRST).all(expression, search.limit);
  });
}
