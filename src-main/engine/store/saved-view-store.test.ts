import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_VIEWS } from './saved-view-store';
import { makeTempDir } from './testing/temp-dir';
import { openUserStore, type UserStore } from './user-store';

let temp: ReturnType<typeof makeTempDir>;
let store: UserStore;
beforeEach(() => {
  temp = makeTempDir();
  store = openUserStore(join(temp.dir, 'user.sqlite')).store;
});
afterEach(() => {
  store.close();
  temp.remove();
});

const sort = { field: 'last_message_at' as const, order: 'desc' as const };
const names = (account: string) => store.views.list(account).map((view) => view.name);

describe('saved views per account', () => {
  it('gives a new account the built-ins, once: a deleted built-in stays deleted', () => {
    expect(names('a')).toEqual(['Open', 'Unresolved', 'Handed off', 'Angry', 'Last 7 days']);
    expect(store.views.list('a').map((view) => view.filter)).toEqual(
      BUILT_IN_VIEWS.map((view) => view.filter),
    );
    const angry = store.views.list('a').find((view) => view.name === 'Angry')!;
    store.views.delete('a', angry.id);
    expect(names('a')).not.toContain('Angry');
    expect(names('b')).toContain('Angry');
  });

  it('keeps each account’s views apart, and forgets them with the account', () => {
    store.views.save('a', { name: 'Mine', filter: { tags: ['vip'] }, sort });
    expect(names('a')).toContain('Mine');
    expect(names('b')).not.toContain('Mine');
    const mine = store.views.list('a').find((view) => view.name === 'Mine')!;
    expect(store.views.get('b', mine.id)).toBeNull();
    expect(store.views.delete('b', mine.id)).toBe(false);
    store.views.forgetAccount('a');
    expect(
      store.db.prepare("SELECT count(*) FROM saved_views WHERE account_id = 'a'").pluck().get(),
    ).toBe(0);
  });

  it('adopts views saved before views belonged to accounts', () => {
    store.db
      .prepare(
        `INSERT INTO saved_views (id, name, filter, sort, created_at, updated_at)
         VALUES ('old', 'From before', '{"status":["open"]}', '{}', 't', 't')`,
      )
      .run();
    expect(names('first')).toContain('From before');
    expect(names('second')).not.toContain('From before');
  });

  it('refuses a name the account already uses, whatever its case, with a sentence', () => {
    store.views.list('a');
    expect(() => store.views.save('a', { name: 'open', filter: {}, sort })).toThrow(
      'A view named “open” already exists; choose another name, or open that view and save over it.',
    );
    // Renaming a view to its own name (another case) is fine; another account may use it.
    const open = store.views.list('a').find((view) => view.name === 'Open')!;
    expect(store.views.save('a', { ...open, name: 'OPEN' }).name).toBe('OPEN');
    store.views.list('b');
    expect(() => store.views.save('b', { name: 'Open', filter: {}, sort })).toThrow(/already/);
  });

  it('saves filter, search, sort and columns', () => {
    const view = store.views.save('a', {
      name: 'Enterprise refunds',
      filter: { q: 'refund', custom_data: { plan: 'enterprise', seats: 40, vip: true } },
      sort: { field: 'created_at', order: 'asc' },
      columns: ['ticket', 'contact', 'status'],
    });
    const again = store.views.get('a', view.id)!;
    expect(again.filter).toEqual({
      q: 'refund',
      custom_data: { plan: 'enterprise', seats: 40, vip: true },
    });
    expect(again.sort).toEqual({ field: 'created_at', order: 'asc' });
    expect(again.columns).toEqual(['ticket', 'contact', 'status']);
    // An update without columns keeps them.
    expect(store.views.save('a', { ...again, columns: undefined }).columns).toEqual([
      'ticket',
      'contact',
      'status',
    ]);
  });

  it('reorders, and puts a deleted view back in its place', () => {
    const before = store.views.list('a');
    const ids = before.map((view) => view.id);
    const reordered = store.views.reorder('a', [ids[3]!, ids[0]!]);
    expect(reordered.map((view) => view.name)).toEqual([
      'Angry',
      'Open',
      'Unresolved',
      'Handed off',
      'Last 7 days',
    ]);
    const unresolved = reordered[2]!;
    store.views.delete('a', unresolved.id);
    const restored = store.views.restore('a', {
      id: unresolved.id,
      name: unresolved.name,
      filter: unresolved.filter,
      sort: unresolved.sort,
      columns: unresolved.columns,
      position: unresolved.position,
    });
    expect(restored.id).toBe(unresolved.id);
    expect(names('a')).toEqual(['Angry', 'Open', 'Unresolved', 'Handed off', 'Last 7 days']);
  });

  it('keeps the current query per account, and drops one that no longer validates', () => {
    store.views.saveWorkspace('a', {
      filter: {
        status: ['open'],
        q: 'refund',
        created_at: { within_last: { amount: 7, unit: 'days' } },
      },
      sort: { field: 'created_at', order: 'asc' },
      view_id: 'v1',
    });
    expect(store.views.workspace('a')).toEqual({
      filter: {
        status: ['open'],
        q: 'refund',
        created_at: { within_last: { amount: 7, unit: 'days' } },
      },
      sort: { field: 'created_at', order: 'asc' },
      view_id: 'v1',
    });
    expect(store.views.workspace('b')).toBeNull();
    store.setSetting('workspace:c', { filter: { status: ['gone'] }, sort });
    expect(store.views.workspace('c')).toBeNull();
  });
});
