import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ListColumnPrefs } from '../../../src-shared/contract/list-columns';
import { makeTempDir } from './testing/temp-dir';
import { openUserStore, type UserStore } from './user-store';

// The list's columns per account in a real user database (the contract's side:
// service/list-column-handlers.test.ts).

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

const CHOSEN: ListColumnPrefs = {
  order: ['status', 'ticket', 'contact', 'created'],
  hidden: ['contact', 'tags'],
  widths: { status: 140, created: 220 },
};

describe('ListColumnsStore in the user database', () => {
  it('keeps each account’s columns apart and forgets them with the account', () => {
    store.saveAccount({
      id: 'acme',
      name: 'Acme',
      base_url: 'https://api.open.cx',
      scope_days: 90,
    });
    store.columns.save('acme', CHOSEN);
    store.columns.save('globex', { order: ['tags'], hidden: [], widths: {} });
    expect(store.columns.load('acme')).toEqual(CHOSEN);
    expect(store.columns.load('globex')?.order).toEqual(['tags']);

    store.deleteAccount('acme');
    expect(store.columns.load('acme')).toBeNull();
    expect(store.columns.load('globex')?.order).toEqual(['tags']);
  });

  it('drops columns a later build no longer has from a stored choice instead of losing all of it', () => {
    store.setSetting('workspace.columns:acme', {
      order: ['retired', 'status', 'ticket'],
      hidden: ['retired'],
      widths: { retired: 100, status: 150 },
    });
    expect(store.columns.load('acme')).toEqual({
      order: ['status', 'ticket'],
      hidden: [],
      widths: { status: 150 },
    });
    store.setSetting('workspace.columns:acme', { order: 'not a list' });
    expect(store.columns.load('acme')).toBeNull();
  });
});
