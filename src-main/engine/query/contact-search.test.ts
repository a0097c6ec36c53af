import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-shared/opencx/session';
import type { CacheStore } from '../store/cache-store';
import { makeSession, seededRandom } from '../store/testing/make-session';
import { openTempCache } from '../store/testing/temp-dir';
import { searchContacts, type ContactSearch, type ContactSearchWay } from './contact-search';

// The contact filter's type-ahead over a small cache. Its two ways in (from the matching
// sessions, or from the contacts: contact-search.ts says why) must give the same answer whenever
// a contact's details are the same in all its sessions; only a contact whose details changed
// can tell them apart, and that difference is specified here too.

const HOUR = 3_600_000;
const START = Date.parse('2026-02-01T00:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString();

const FIRST = ['Ada', 'Alan', 'Grace', 'Edsger', 'Zoë', 'Barbara', 'Donald', 'Frances', 'Ken'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Dijkstra', 'Müller', 'Liskov', 'Knuth', 'Allen'];

let cache: ReturnType<typeof openTempCache>;
let store: CacheStore;
let hour = 0;

function session(contact: Session['contact'] | undefined): Session {
  hour++;
  return makeSession({
    created_at: at(START + hour * HOUR),
    updated_at: at(START + hour * HOUR),
    ...(contact ? { contact } : {}),
  });
}

beforeAll(() => {
  cache = openTempCache();
  store = cache.store;
  const random = seededRandom(12);
  const sessions: Session[] = [];
  // 40 contacts whose details never change, with 1 to 9 sessions each.
  for (let i = 0; i < 40; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const contact = {
      id: `c-${i}`,
      name: `${first} ${last}`,
      email: `${first.toLowerCase()}.${last.toLowerCase()}${i}@${i % 3 ? 'mail.example' : 'corp.test'}`,
      phone_number: i % 4 ? `+1 555-${String(1000 + i * 7).padStart(4, '0')}` : null,
      custom_data: null,
    };
    const count = 1 + Math.floor(random() * 9);
    for (let n = 0; n < count; n++) sessions.push(session(contact));
  }
  // Sessions nobody is the contact of.
  sessions.push(session(undefined), session(undefined));
  // A contact whose email changed, and whose newest session leaves the phone out.
  const moved = { id: 'c-moved', name: 'Quinn Quarry', custom_data: null };
  sessions.push(
    session({ ...moved, email: 'quinn@old.example', phone_number: '+44 20 7946 0999' }),
    session({ ...moved, email: 'quinn@old.example', phone_number: '+44 20 7946 0999' }),
    session({ ...moved, email: 'quinn@new.example', phone_number: null }),
  );
  store.upsertSessions(sessions, at(START + 1000 * HOUR));
});

afterAll(() => cache.dispose());

function search(text: string, limit = 10, way?: ContactSearchWay) {
  const input: ContactSearch = { text, limit };
  return searchContacts(store.reader, input, way ? { way } : {});
}

const ids = (text: string, limit = 10, way?: ContactSearchWay) =>
  search(text, limit, way).map((contact) => contact.id);

describe('the contact type-ahead', () => {
  it('finds a contact by a prefix of any word of its name, its email or its phone', () => {
    expect(ids('grace l')).toEqual(['c-2']);
    expect(ids('Lovel')).toEqual(expect.arrayContaining(['c-0', 'c-1', 'c-2']));
    expect(ids('ada.lovelace0@corp')).toEqual(['c-0']);
    expect(ids('corp.te', 100)).toHaveLength(14);
    // A phone as written, one of its groups, or its digits run together.
    expect(ids('+1 555-1007')).toEqual(['c-1']);
    expect(ids('1007')).toEqual(['c-1']);
    expect(ids('15551007')).toEqual(['c-1']);
    expect(ids('zoe')).toEqual(ids('Zoë'));
  });

  it('answers one row per contact, its sessions all counted, most first, then by name', () => {
    const found = search('mail.example', 100);
    expect(new Set(found.map((c) => c.id)).size).toBe(found.length);
    const counted = store.reader
      .prepare<[], { id: string; n: number }>(
        `SELECT contact_id AS id, count(*) AS n FROM sessions WHERE contact_id IS NOT NULL GROUP BY contact_id`,
      )
      .all();
    const sessionsOf = new Map(counted.map((row) => [row.id, row.n]));
    for (const contact of found) expect(contact.sessions).toBe(sessionsOf.get(contact.id));
    // Names compare as SQLite's BINARY collation does: by code point.
    const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const order = [...found].sort(
      (a, b) => b.sessions - a.sessions || byName(a.name ?? '', b.name ?? ''),
    );
    expect(found.map((c) => c.id)).toEqual(order.map((c) => c.id));
    // The limit keeps the contacts with most sessions (ties at the cut go by id).
    expect(search('mail.example', 3).map((c) => c.sessions)).toEqual(
      found.slice(0, 3).map((c) => c.sessions),
    );
  });

  it('describes a contact by its newest session that has each detail', () => {
    expect(search('quinn')).toEqual([
      {
        id: 'c-moved',
        name: 'Quinn Quarry',
        email: 'quinn@new.example',
        // The newest session left the phone out; an older one gave it.
        phone: '+44 20 7946 0999',
        sessions: 3,
      },
    ]);
  });

  it('finds the same contacts in the same order from the sessions as from the contacts', () => {
    // None of these touches Quinn, the one contact whose details changed.
    const texts = ['a', 'g', 'z', 'gr', 'lo', 'mai', 'cor', '+1', '555', 'ada l', 'ken h'];
    for (const text of texts) {
      const fromSessions = search(text, 100, 'sessions-first');
      expect(fromSessions.length, text).toBeGreaterThan(0);
      expect(search(text, 100, 'contacts-first'), text).toEqual(fromSessions);
    }
  });

  it('from the contacts, matches a contact whose details changed on its newest ones only', () => {
    // One or two characters go from the contacts (they match many sessions at scale).
    expect(ids('o', 100)).not.toContain('c-moved');
    expect(ids('n', 100)).toContain('c-moved');
    // From the sessions, any session's details count: the old address still finds Quinn.
    expect(ids('old.example', 10, 'sessions-first')).toEqual(['c-moved']);
    expect(ids('old.example', 10, 'contacts-first')).toEqual([]);
  });

  it('offers nothing for sessions without a contact, or for text without a word', () => {
    expect(search('')).toEqual([]);
    expect(search('  -- ')).toEqual([]);
    expect(ids('nobody')).toEqual([]);
  });

  it('names the contacts a filter holds, leaving out ids the cache does not know', () => {
    const named = searchContacts(store.reader, { ids: ['c-moved', 'c-3', 'c-unknown'], limit: 5 });
    expect(named.map((contact) => contact.id).sort()).toEqual(['c-3', 'c-moved']);
    expect(named.find((contact) => contact.id === 'c-moved')?.email).toBe('quinn@new.example');
  });
});
