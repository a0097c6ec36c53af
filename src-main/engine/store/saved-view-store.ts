import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../../src-shared/contract/app-error';
import type { SavedView, Workspace } from '../../../src-shared/contract/results';
import { SessionFilterSchema, type SessionFilter } from '../../../src-shared/filter/session-filter';
import { SessionSortSchema, type SessionSort } from '../../../src-shared/filter/session-sort';
import { describeZodError } from '../contract/describe-zod-error';

// Saved views and the current query, per account, in the user database: what the user authors
// survives any damage to an account's cache.

export interface SavedViewInput {
  /** Omit to create a view; give an existing id to update it. */
  id?: string;
  name: string;
  filter: SessionFilter;
  sort: SessionSort;
  /** The list's shown columns, in order; null keeps none (undefined on update: unchanged). */
  columns?: string[] | null;
}

export interface RestoredView {
  id: string;
  name: string;
  filter: SessionFilter;
  sort: SessionSort;
  columns: string[] | null;
  position: number;
}

/** What a new account starts with (issue 12): each removable like any other view. */
export const BUILT_IN_VIEWS: readonly { name: string; filter: SessionFilter }[] = [
  { name: 'Open', filter: { status: ['open'] } },
  { name: 'Unresolved', filter: { status: ['closed_unresolved'] } },
  { name: 'Handed off', filter: { handed_off: true } },
  { name: 'Angry', filter: { sentiment: ['angry'] } },
  { name: 'Last 7 days', filter: { created_at: { within_last: { amount: 7, unit: 'days' } } } },
];

const MAX_NAME = 200;
const SEEDED = (accountId: string) => `views.seeded:${accountId}`;
const WORKSPACE = (accountId: string) => `workspace:${accountId}`;

interface ViewRow {
  id: string;
  account_id: string | null;
  name: string;
  filter: string;
  sort: string;
  columns: string | null;
  position: number;
  created_at: string;
  updated_at: string;
}

export class SavedViewStore {
  private readonly stmts;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
    private readonly settings: {
      get(key: string): unknown;
      set(key: string, value: unknown): void;
    },
  ) {
    this.stmts = {
      list: db.prepare<[string], ViewRow>(
        'SELECT * FROM saved_views WHERE account_id = ? ORDER BY position, name COLLATE NOCASE, id',
      ),
      get: db.prepare<[string, string], ViewRow>(
        'SELECT * FROM saved_views WHERE account_id = ? AND id = ?',
      ),
      named: db.prepare<[string, string], { id: string }>(
        'SELECT id FROM saved_views WHERE account_id = ? AND name = ? COLLATE NOCASE',
      ),
      lastPosition: db
        .prepare<[string], number | null>(
          'SELECT max(position) FROM saved_views WHERE account_id = ?',
        )
        .pluck(),
      insert: db.prepare<[ViewRow]>(
        `INSERT INTO saved_views (id, account_id, name, filter, sort, columns, position,
           created_at, updated_at)
         VALUES (@id, @account_id, @name, @filter, @sort, @columns, @position, @created_at,
           @updated_at)`,
      ),
      update: db.prepare<[string, string, string, string | null, string, string, string]>(
        `UPDATE saved_views SET name = ?, filter = ?, sort = ?, columns = ?, updated_at = ?
         WHERE account_id = ? AND id = ?`,
      ),
      setPosition: db.prepare<[number, string, string]>(
        'UPDATE saved_views SET position = ? WHERE account_id = ? AND id = ?',
      ),
      shiftFrom: db.prepare<[string, number]>(
        'UPDATE saved_views SET position = position + 1 WHERE account_id = ? AND position >= ?',
      ),
      delete: db.prepare<[string, string]>(
        'DELETE FROM saved_views WHERE account_id = ? AND id = ?',
      ),
      deleteAccount: db.prepare<[string]>('DELETE FROM saved_views WHERE account_id = ?'),
      adopt: db.prepare<[string]>('UPDATE saved_views SET account_id = ? WHERE account_id IS NULL'),
      idTaken: db
        .prepare<[string], number>('SELECT count(*) FROM saved_views WHERE id = ?')
        .pluck(),
    };
  }

  /**
   * The account's views in the user's order. The first time an account lists them, views from
   * before views were per account are adopted and the built-ins are added.
   */
  list(accountId: string): SavedView[] {
    this.seed(accountId);
    return this.stmts.list.all(accountId).map(toSavedView);
  }

  get(accountId: string, id: string): SavedView | null {
    const row = this.stmts.get.get(accountId, id);
    return row ? toSavedView(row) : null;
  }

  /**
   * Creates (no id) or updates (existing id) a view after validating name, filter and sort; a
   * name another view of the account has (in any case) is refused with a sentence.
   */
  save(accountId: string, input: SavedViewInput): SavedView {
    this.seed(accountId);
    const name = this.checkName(accountId, input.name, input.id);
    const { filter, sort } = checkQuery(input.filter, input.sort);
    const at = this.now().toISOString();
    if (input.id === undefined) {
      const row: ViewRow = {
        id: randomUUID(),
        account_id: accountId,
        name,
        filter,
        sort,
        columns: columnsJson(input.columns ?? null),
        position: (this.stmts.lastPosition.get(accountId) ?? -1) + 1,
        created_at: at,
        updated_at: at,
      };
      this.stmts.insert.run(row);
      return toSavedView(row);
    }
    const current = this.stmts.get.get(accountId, input.id);
    if (!current) throw new AppError('not_found', `Saved view ${input.id} does not exist.`);
    const columns = input.columns === undefined ? current.columns : columnsJson(input.columns);
    this.stmts.update.run(name, filter, sort, columns, at, accountId, input.id);
    return this.get(accountId, input.id) as SavedView;
  }

  /** False if the account had no such view. */
  delete(accountId: string, id: string): boolean {
    return this.stmts.delete.run(accountId, id).changes > 0;
  }

  /** Puts a deleted view back with its id, in its place (undo). */
  restore(accountId: string, view: RestoredView): SavedView {
    this.seed(accountId);
    if (this.stmts.idTaken.get(view.id)) {
      throw new AppError('invalid_input', `A saved view with the id ${view.id} already exists.`);
    }
    const name = this.checkName(accountId, view.name, undefined);
    const { filter, sort } = checkQuery(view.filter, view.sort);
    const at = this.now().toISOString();
    const position = Math.max(0, Math.trunc(view.position));
    this.db.transaction(() => {
      this.stmts.shiftFrom.run(accountId, position);
      this.stmts.insert.run({
        id: view.id,
        account_id: accountId,
        name,
        filter,
        sort,
        columns: columnsJson(view.columns),
        position,
        created_at: at,
        updated_at: at,
      });
    })();
    return this.get(accountId, view.id) as SavedView;
  }

  /** Orders the account's views as `ids` lists them; views it leaves out follow, as they were. */
  reorder(accountId: string, ids: readonly string[]): SavedView[] {
    const current = this.list(accountId).map((view) => view.id);
    const wanted = [...new Set(ids)].filter((id) => current.includes(id));
    const order = [...wanted, ...current.filter((id) => !wanted.includes(id))];
    this.db.transaction(() => {
      order.forEach((id, position) => this.stmts.setPosition.run(position, accountId, id));
    })();
    return this.list(accountId);
  }

  /** The account's current filter, search, sort and view, or null (none kept, or no longer valid). */
  workspace(accountId: string): Workspace | null {
    const stored = this.settings.get(WORKSPACE(accountId));
    if (typeof stored !== 'object' || stored === null) return null;
    const raw = stored as Record<string, unknown>;
    const filter = SessionFilterSchema.safeParse(raw.filter);
    const sort = SessionSortSchema.safeParse(raw.sort);
    if (!filter.success || !sort.success) return null;
    return {
      filter: filter.data,
      sort: sort.data,
      view_id: typeof raw.view_id === 'string' ? raw.view_id : null,
    };
  }

  saveWorkspace(accountId: string, workspace: Workspace): void {
    const { filter, sort } = checkQuery(workspace.filter, workspace.sort);
    this.settings.set(WORKSPACE(accountId), {
      filter: JSON.parse(filter) as unknown,
      sort: JSON.parse(sort) as unknown,
      view_id: workspace.view_id,
    });
  }

  /** Everything kept for an account that is being removed. */
  forgetAccount(accountId: string): void {
    this.stmts.deleteAccount.run(accountId);
    this.settings.set(SEEDED(accountId), null);
    this.settings.set(WORKSPACE(accountId), null);
  }

  private seed(accountId: string): void {
    if (this.settings.get(SEEDED(accountId)) === true) return;
    this.db.transaction(() => {
      this.stmts.adopt.run(accountId);
      const at = this.now().toISOString();
      let position = (this.stmts.lastPosition.get(accountId) ?? -1) + 1;
      for (const builtIn of BUILT_IN_VIEWS) {
        if (this.stmts.named.get(accountId, builtIn.name)) continue;
        this.stmts.insert.run({
          id: randomUUID(),
          account_id: accountId,
          name: builtIn.name,
          filter: JSON.stringify(builtIn.filter),
          sort: JSON.stringify(SessionSortSchema.parse({})),
          columns: null,
          position: position++,
          created_at: at,
          updated_at: at,
        });
      }
      this.settings.set(SEEDED(accountId), true);
    })();
  }

  private checkName(accountId: string, raw: unknown, id: string | undefined): string {
    const name = typeof raw === 'string' ? raw.trim() : '';
    if (name.length === 0 || name.length > MAX_NAME) {
      throw new AppError('invalid_input', `name must be 1–${MAX_NAME} characters.`);
    }
    const other = this.stmts.named.get(accountId, name);
    if (other && other.id !== id) {
      throw new AppError(
        'invalid_input',
        `A view named “${name}” already exists; choose another name, or open that view and save over it.`,
      );
    }
    return name;
  }
}

function checkQuery(rawFilter: unknown, rawSort: unknown): { filter: string; sort: string } {
  const filter = SessionFilterSchema.safeParse(rawFilter);
  if (!filter.success)
    throw new AppError('invalid_input', describeZodError('filter', filter.error));
  const sort = SessionSortSchema.safeParse(rawSort);
  if (!sort.success) throw new AppError('invalid_input', describeZodError('sort', sort.error));
  return { filter: JSON.stringify(filter.data), sort: JSON.stringify(sort.data) };
}

function columnsJson(columns: readonly string[] | null): string | null {
  return columns === null ? null : JSON.stringify(columns);
}

function toSavedView(row: ViewRow): SavedView {
  const problems: string[] = [];
  const filter = SessionFilterSchema.safeParse(parseJson(row.filter));
  if (!filter.success) problems.push(describeZodError('the stored filter', filter.error));
  const sort = SessionSortSchema.safeParse(parseJson(row.sort));
  if (!sort.success) problems.push(describeZodError('the stored sort', sort.error));
  const columns = parseJson(row.columns ?? 'null');
  return {
    id: row.id,
    name: row.name,
    filter: filter.success ? filter.data : {},
    sort: sort.success ? sort.data : SessionSortSchema.parse({}),
    columns:
      Array.isArray(columns) && columns.every((column) => typeof column === 'string')
        ? columns
        : null,
    position: row.position,
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
