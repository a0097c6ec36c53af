import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../../src-shared/opencx/session';
import type { Tag } from '../../../../src-shared/opencx/tag';
import { openCacheStore, type CacheStore } from '../cache-store';
import { agentMessageEvent, makeSession } from '../testing/make-session';
import { makeTempDir } from '../testing/temp-dir';

// The Contact, Assignee and Tags columns sort by the text they show, kept per session in
// sessions.contact_label / assignee_label / tags_label (migration 008). Every write that changes
// a label's source must leave it exact, and the migration must give an existing cache the same
// labels the writes would have.

const SEEN = '2026-02-01T00:00:00.000Z';
let temp: ReturnType<typeof makeTempDir>;
let store: CacheStore;
let path: string;

beforeEach(() => {
  temp = makeTempDir();
  path = join(temp.dir, 'cache.sqlite');
  store = openCacheStore(path).store;
});
afterEach(() => {
  store.close();
  temp.remove();
});

interface Labels {
  contact: string | null;
  assignee: string | null;
  tags: string | null;
}

function labelsOf(id: string): Labels | undefined {
  return store.reader
    .prepare<[string], Labels>(
      `SELECT contact_label AS contact, assignee_label AS assignee, tags_label AS tags
       FROM sessions WHERE id = ?`,
    )
    .get(id);
}

const tags = (...names: string[]) =>
  names.map((tag_name) => ({ tag_name, description: null })) as unknown as Tag[];

const agentSays = (name: string) => [
  agentMessageEvent(`e-${name}`, '2026-01-02T00:00:00.000Z', name),
];

describe('sort labels', () => {
  it('keep the contact as the column shows it: verified name, then unverified, email, phone', () => {
    const sessions: Session[] = [
      makeSession({ contact: { id: 'c1', name: 'Zoë', email: 'z@example.com' } }),
      makeSession({ contact: { id: 'c2', non_verified_name: 'ann', email: 'a@example.com' } }),
      makeSession({ contact: { id: 'c3', non_verified_email: 'b@example.com' } }),
      makeSession({ contact: { id: 'c4', phone_number: '+1 555' } }),
      makeSession({ contact: { id: 'c5' } }),
      makeSession({ contact: null }),
    ];
    store.upsertSessions(sessions, SEEN);
    expect(sessions.map((s) => labelsOf(s.id)?.contact)).toEqual([
      'Zoë',
      'ann',
      'b@example.com',
      '+1 555',
      null,
      null,
    ]);
    const [first] = sessions as [Session];
    store.upsertSessions(
      [{ ...first, contact: { id: 'c1', email: 'new@example.com' }, updated_at: SEEN }],
      SEEN,
    );
    expect(labelsOf(first.id)?.contact).toBe('new@example.com');
  });

  it('name an agent once a transcript does, in every session of theirs, old and new', () => {
    const mine = makeSession({ assignee_id: 'a1' });
    const also = makeSession({ assignee_id: 'a1' });
    const other = makeSession({ assignee_id: 'a2' });
    const nobody = makeSession({ assignee_id: null });
    store.upsertSessions([mine, also, other, nobody], SEEN);
    expect(labelsOf(mine.id)?.assignee).toBe('Agent a1');
    expect(labelsOf(nobody.id)?.assignee).toBeNull();

    store.saveHistory(mine.id, agentSays('Ada'));
    expect(labelsOf(mine.id)?.assignee).toBe('Ada');
    expect(labelsOf(also.id)?.assignee).toBe('Ada');
    expect(labelsOf(other.id)?.assignee).toBe('Agent a2');

    // The first name learnt stays; a session written later gets it in its own write.
    store.saveHistory(also.id, agentSays('Someone else'));
    const later = makeSession({ assignee_id: 'a1' });
    store.upsertSessions([later], SEEN);
    expect(labelsOf(also.id)?.assignee).toBe('Ada');
    expect(labelsOf(later.id)?.assignee).toBe('Ada');

    // Reassigned: the label follows the new assignee.
    store.upsertSessions([{ ...other, assignee_id: 'a1', updated_at: SEEN }], SEEN);
    expect(labelsOf(other.id)?.assignee).toBe('Ada');
  });

  it('list the tags in byte order, whichever write changed them', () => {
    const [a, b, c] = [makeSession(), makeSession(), makeSession()] as const;
    store.upsertSessions([a, b, c], SEEN);
    store.replaceTagCatalog(tags('vip', 'billing', 'Urgent'));
    store.setTagMembers('vip', [a.id, b.id]);
    store.setTagMembers('billing', [a.id]);
    store.setTagMembers('Urgent', [a.id, c.id]);
    expect([a, b, c].map((s) => labelsOf(s.id)?.tags)).toEqual([
      'Urgent, billing, vip',
      'vip',
      'Urgent',
    ]);

    // A tag's whole membership replaced: those who lost it and those who gained it.
    store.setTagMembers('vip', [c.id]);
    expect([a, b, c].map((s) => labelsOf(s.id)?.tags)).toEqual([
      'Urgent, billing',
      null,
      'Urgent, vip',
    ]);

    store.setSessionTags(new Map([[a.id, ['vip']]]));
    expect(labelsOf(a.id)?.tags).toBe('vip');

    store.replaceTagMembersCreatedIn('vip', [b.id], { from: null, to: null }, null);
    expect([a, b, c].map((s) => labelsOf(s.id)?.tags)).toEqual([null, 'vip', 'Urgent']);

    // A tag gone from the catalog is gone from every label.
    store.replaceTagCatalog(tags('vip'));
    expect([a, b, c].map((s) => labelsOf(s.id)?.tags)).toEqual([null, 'vip', null]);
  });

  it('wait for refreshTagLabels when a pass writes its tags with labels later, then match the tags', () => {
    const [a, b, c] = [makeSession(), makeSession(), makeSession()] as const;
    store.upsertSessions([a, b, c], SEEN);
    store.replaceTagCatalog(tags('vip', 'billing'));
    store.setTagMembers('vip', [a.id, b.id]);

    // A later pass: b loses vip, c gains it, a gains billing; the labels stay as they were.
    expect(store.setTagMembers('vip', [a.id, c.id, 'not-cached'], null, 'later')).toEqual({
      stored: 2,
      unknownIds: ['not-cached'],
    });
    store.setTagMembers('billing', [a.id], null, 'later');
    expect([a, b, c].map((s) => labelsOf(s.id)?.tags)).toEqual(['vip', 'vip', null]);

    // a, b and c changed; refreshed again, nothing does.
    expect(store.refreshTagLabels()).toBe(3);
    expect([a, b, c].map((s) => labelsOf(s.id)?.tags)).toEqual(['billing, vip', null, 'vip']);
    expect(store.refreshTagLabels()).toBe(0);
  });

  it('are given to an existing cache by migration 008 exactly as the writes keep them', () => {
    const sessions = [
      makeSession({ assignee_id: 'a1', contact: { id: 'c1', name: 'Zoë' } }),
      makeSession({ assignee_id: 'a2', contact: { id: 'c2', phone_number: '+1 555' } }),
      makeSession({ assignee_id: null, contact: null }),
    ];
    store.upsertSessions(sessions, SEEN);
    store.replaceTagCatalog(tags('vip', 'billing'));
    store.setTagMembers('vip', [sessions[0]!.id, sessions[1]!.id]);
    store.setTagMembers('billing', [sessions[0]!.id]);
    store.saveHistory(sessions[0]!.id, agentSays('Ada'));
    const written = sessions.map((s) => labelsOf(s.id));
    store.close();

    // The same cache as version 7 had it: no label columns, no learnt names.
    const db = new Database(path);
    db.exec(`
      DROP INDEX sessions_by_contact_label;
      DROP INDEX sessions_by_assignee_label;
      DROP INDEX sessions_by_tags_label;
      ALTER TABLE sessions DROP COLUMN contact_label;
      ALTER TABLE sessions DROP COLUMN assignee_label;
      ALTER TABLE sessions DROP COLUMN tags_label;
      DROP TABLE assignee_names;
      DROP TABLE deferred_indexes;
      PRAGMA user_version = 7;
    `);
    db.close();

    store = openCacheStore(path).store;
    expect(sessions.map((s) => labelsOf(s.id))).toEqual(written);
    expect(written[0]).toEqual({ contact: 'Zoë', assignee: 'Ada', tags: 'billing, vip' });
  });
});
