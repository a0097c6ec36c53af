import type Database from 'better-sqlite3';
import { AppError } from '../../../src-shared/contract/app-error';
import type { SavedView } from '../../../src-shared/contract/results';
import { ListColumnsStore } from './list-columns-store';
import { userMigrations } from './migrations/user';
import { openDatabase, type OpenDatabaseOptions } from './open-database';
import { SavedViewStore } from './saved-view-store';

export type { SavedView };
export type { SavedViewInput, RestoredView } from './saved-view-store';

export interface OpenedUserStore {
  store: UserStore;
  /** Where a damaged user database was moved to before a fresh one was started, else null. */
  recoveredFrom: string | null;
}

/** Opens the small database of what the user authors (synchronous=FULL: it cannot be re-synced). */
export function openUserStore(
  path: string,
  options: Pick<OpenDatabaseOptions, 'now' | 'busyTimeoutMs'> = {},
): OpenedUserStore {
  const opened = openDatabase(path, {
    ...options,
    migrations: userMigrations,
    synchronous: 'FULL',
  });
  return { store: new UserStore(opened.db, options.now), recoveredFrom: opened.recoveredFrom };
}

/** An account as the user database keeps it (the token is in the keychain, never here). */
export interface StoredAccount {
  id: string;
  name: string;
  base_url: string;
  scope_days: number | null;
}

/**
 * Saved views (per account, with the current query: ./saved-view-store.ts), list columns
 * (./list-columns-store.ts), settings and accounts: every read and write of the user database. (Its assignee_names table, from the
 * first migration, has no reader or writer until a screen needs it.)
 */
export class UserStore {
  private readonly stmts;
  private readonly now: () => Date;
  /** The saved views and current query of each account. */
  readonly views: SavedViewStore;
  /** The list columns each account shows. */
  readonly columns: ListColumnsStore;

  constructor(
    readonly db: Database.Database,
    now?: () => Date,
  ) {
    this.now = now ?? (() => new Date());
    this.stmts = {
      getSetting: db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck(),
      setSetting: db.prepare<[string, string, string]>(`
        INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
      deleteSetting: db.prepare<[string]>('DELETE FROM settings WHERE key = ?'),
      listAccounts: db.prepare<[], StoredAccount>(
        'SELECT id, name, base_url, scope_days FROM accounts ORDER BY created_at, id',
      ),
      upsertAccount: db.prepare<[StoredAccount & { at: string }]>(`
        INSERT INTO accounts (id, name, base_url, scope_days, created_at, updated_at)
        VALUES (@id, @name, @base_url, @scope_days, @at, @at)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, base_url = excluded.base_url,
          scope_days = excluded.scope_days, updated_at = excluded.updated_at`),
      deleteAccount: db.prepare<[string]>('DELETE FROM accounts WHERE id = ?'),
    };
    const settings = {
      get: (key: string) => this.getSetting(key),
      set: (key: string, value: unknown) => this.setSetting(key, value),
    };
    this.views = new SavedViewStore(db, this.now, settings);
    this.columns = new ListColumnsStore(settings);
  }

  /** The JSON value stored under `key`, or null. */
  getSetting(key: string): unknown {
    const raw = this.stmts.getSetting.get(key);
    return raw === undefined ? null : (JSON.parse(raw) as unknown);
  }

  /** Stores a JSON-serialisable value; null or undefined removes the key. */
  setSetting(key: string, value: unknown): void {
    if (key.length === 0) throw new AppError('invalid_input', 'A setting key must not be empty.');
    if (value === null || value === undefined) {
      this.stmts.deleteSetting.run(key);
      return;
    }
    this.stmts.setSetting.run(key, JSON.stringify(value), this.now().toISOString());
  }

  /** Accounts in the order they were added. */
  listAccounts(): StoredAccount[] {
    return this.stmts.listAccounts.all();
  }

  saveAccount(account: StoredAccount): void {
    this.stmts.upsertAccount.run({ ...account, at: this.now().toISOString() });
  }

  /** True when there was such an account. Its saved views, current query and columns go with it. */
  deleteAccount(id: string): boolean {
    this.views.forgetAccount(id);
    this.columns.forget(id);
    return this.stmts.deleteAccount.run(id).changes > 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
