import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../../src-shared/contract/app-error';
import type { SavedView } from '../../../src-shared/contract/results';
import { SessionFilterSchema, type SessionFilter } from '../../../src-shared/filter/session-filter';
import { SessionSortSchema, type SessionSort } from '../../../src-shared/filter/session-sort';
import { describeZodError } from '../contract/describe-zod-error';
import { userMigrations } from './migrations/user';
import { openDatabase, type OpenDatabaseOptions } from './open-database';

export type { SavedView };

export interface SavedViewInput {
  /** Omit to create a view; give an existing id to update it. */
  id?: string;
  name: string;
  filter: SessionFilter;
  sort: SessionSort;
}

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

interface ViewRow {
  id: string;
  name: string;
  filter: string;
  sort: string;
  created_at: string;
  updated_at: string;
}

const MAX_NAME = 200;

/**
 * Saved views, settings and accounts: every read and write of the user database. (Its
 * assignee_names table, from the first migration, has no reader or writer until a screen needs it.)
 */
export class UserStore {
  private readonly stmts;
  private readonly now: () => Date;

  constructor(
    readonly db: Database.Database,
    now?: () => Date,
  ) {
    this.now = now ?? (() => new Date());
    this.stmts = {
      listViews: db.prepare<[], ViewRow>(
        'SELECT * FROM saved_views ORDER BY name COLLATE NOCASE, id',
      ),
      getView: db.prepare<[string], ViewRow>('SELECT * FROM saved_views WHERE id = ?'),
      insertView: db.prepare<[ViewRow]>(
        `INSERT INTO saved_views (id, name, filter, sort, created_at, updated_at)
         VALUES (@id, @name, @filter, @sort, @created_at, @updated_at)`,
      ),
      updateView: db.prepare<[string, string, string, string, string]>(
        'UPDATE saved_views SET name = ?, filter = ?, sort = ?, updated_at = ? WHERE id = ?',
      ),
      deleteView: db.prepare<[string]>('DELETE FROM saved_views WHERE id = ?'),
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
  }

  listSavedViews(): SavedView[] {
    return this.stmts.listViews.all().map(toSavedView);
  }

  getSavedView(id: string): SavedView | null {
    const row = this.stmts.getView.get(id);
    return row ? toSavedView(row) : null;
  }

  /**
   * Creates (no id) or updates (existing id) a view after validating name, filter and sort.
   * Throws invalid_input naming the field, or not_found for an unknown id.
   */
  saveSavedView(input: SavedViewInput): SavedView {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length === 0 || name.length > MAX_NAME) {
      throw new AppError('invalid_input', `name must be 1–${MAX_NAME} characters.`);
    }
    const filter = SessionFilterSchema.safeParse(input.filter);
    if (!filter.success) {
      throw new AppError('invalid_input', describeZodError('filter', filter.error));
    }
    const sort = SessionSortSchema.safeParse(input.sort);
    if (!sort.success) throw new AppError('invalid_input', describeZodError('sort', sort.error));
    const at = this.now().toISOString();
    const filterJson = JSON.stringify(filter.data);
    const sortJson = JSON.stringify(sort.data);
    if (input.id === undefined) {
      const row: ViewRow = {
        id: randomUUID(),
        name,
        filter: filterJson,
        sort: sortJson,
        created_at: at,
        updated_at: at,
      };
      this.stmts.insertView.run(row);
      return toSavedView(row);
    }
    const changes = this.stmts.updateView.run(name, filterJson, sortJson, at, input.id).changes;
    if (changes === 0) throw new AppError('not_found', `Saved view ${input.id} does not exist.`);
    const saved = this.getSavedView(input.id);
    if (!saved) throw new AppError('not_found', `Saved view ${input.id} does not exist.`);
    return saved;
  }

  /** Returns false if there was no such view. */
  deleteSavedView(id: string): boolean {
    return this.stmts.deleteView.run(id).changes > 0;
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

  /** True when there was such an account. */
  deleteAccount(id: string): boolean {
    return this.stmts.deleteAccount.run(id).changes > 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toSavedView(row: ViewRow): SavedView {
  const problems: string[] = [];
  const filter = SessionFilterSchema.safeParse(parseJson(row.filter));
  if (!filter.success) problems.push(describeZodError('the stored filter', filter.error));
  const sort = SessionSortSchema.safeParse(parseJson(row.sort));
  if (!sort.success) problems.push(describeZodError('the stored sort', sort.error));
  return {
    id: row.id,
    name: row.name,
    filter: filter.success ? filter.data : {},
    sort: sort.success ? sort.data : SessionSortSchema.parse({}),
    created_at: row.created_at,
    updated_at: row.updated_at,
    problem: problems.length > 0 ? problems.join(' ') : null,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
