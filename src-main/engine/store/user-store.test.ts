import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from './testing/temp-dir';
import { openUserStore, type UserStore } from './user-store';

let temp: ReturnType<typeof makeTempDir>;
let store: UserStore;
let clock = new Date('2026-02-01T00:00:00.000Z');
beforeEach(() => {
  temp = makeTempDir();
  store = openUserStore(join(temp.dir, 'user.sqlite'), { now: () => clock }).store;
});
afterEach(() => {
  store.close();
  temp.remove();
});

describe('UserStore saved views', () => {
  const ACCOUNT = 'acme';

  it('creates, lists, updates and deletes a view, keeping created_at', () => {
    const view = store.views.save(ACCOUNT, {
      name: '  Angry web  ',
      filter: { sentiment: ['angry'], channels: ['web'], q: 'refund' },
      sort: { field: 'created_at', order: 'asc' },
    });
    expect(view).toMatchObject({ name: 'Angry web', problem: null, columns: null });
    expect(store.views.list(ACCOUNT).at(-1)).toEqual(view);
    clock = new Date('2026-02-02T00:00:00.000Z');
    const updated = store.views.save(ACCOUNT, { ...view, name: 'Angry on the web' });
    expect(updated).toMatchObject({
      name: 'Angry on the web',
      created_at: '2026-02-01T00:00:00.000Z',
      updated_at: '2026-02-02T00:00:00.000Z',
    });
    expect(store.views.delete(ACCOUNT, view.id)).toBe(true);
    expect(store.views.get(ACCOUNT, view.id)).toBeNull();
  });

  it('refuses a filter the filter schema rejects, naming the field', () => {
    expect(() =>
      store.views.save(ACCOUNT, {
        name: 'x',
        filter: { status: ['sleeping'] } as never,
        sort: { field: 'created_at', order: 'asc' },
      }),
    ).toThrow(/filter.*status\[0\]/);
    expect(() =>
      store.views.save(ACCOUNT, {
        name: ' ',
        filter: {},
        sort: { field: 'created_at', order: 'asc' },
      }),
    ).toThrow(/name must be/);
  });

  it('refuses to update a view that does not exist', () => {
    expect(() =>
      store.views.save(ACCOUNT, {
        id: 'nope',
        name: 'x',
        filter: {},
        sort: { field: 'created_at', order: 'asc' },
      }),
    ).toThrow(/Saved view nope does not exist/);
  });

  it('returns a stored view whose filter no longer validates with an empty filter and the reason', () => {
    store.views.list(ACCOUNT);
    store.db
      .prepare(
        `INSERT INTO saved_views (id, account_id, name, filter, sort, created_at, updated_at)
         VALUES ('v1', 'acme', 'Old', '{"status":["gone"]}', '{}', 't', 't')`,
      )
      .run();
    const view = store.views.get(ACCOUNT, 'v1');
    expect(view?.filter).toEqual({});
    expect(view?.sort).toEqual({ field: 'last_message_at', order: 'desc' });
    expect(view?.problem).toMatch(/stored filter/);
  });
});

describe('UserStore settings', () => {
  it('keeps settings as JSON across reopening', () => {
    store.setSetting('theme', 'dark');
    store.setSetting('columns', { width: [1, 2] });
    store.close();
    store = openUserStore(join(temp.dir, 'user.sqlite')).store;
    expect(store.getSetting('theme')).toBe('dark');
    expect(store.getSetting('columns')).toEqual({ width: [1, 2] });
    store.setSetting('theme', null);
    expect(store.getSetting('theme')).toBeNull();
  });
});
