import type { SessionSort } from '../../../src-shared/filter/session-sort';
import { call, describeError } from '../platform/call';
import { parseQuery, queryInHash, type QueryState } from './filter-edit';
import type { Workspace } from '../../../src-shared/contract/results';
import { savedViews } from './saved-views.svelte';
import { sessionQuery } from './session-query.svelte';

const DEFAULT_SORT: SessionSort = { field: 'last_message_at', order: 'desc' };

/**
 * The account's current filter, search and sort, kept by the engine (user database, per
 * account) so they survive a reload and a restart; and shared queries (links, text) applied.
 */
export class QueryMemory {
  /** False while restoring: nothing is saved until the remembered query is in place. */
  private ready = false;
  /** True once a remembered (or linked) query has been put in place since the page loaded. */
  restored = $state(false);
  private saving: Promise<void> = Promise.resolve();
  private lastSaved = '';
  private generation = 0;

  /**
   * Puts back what the account had: a query in the page's link (`#view=…`) first, else the
   * remembered one, else none; then loads the list. Only the latest call applies its answer, and
   * a query the user changed meanwhile (a view clicked while the page was loading) is kept.
   */
  async restore(): Promise<void> {
    const generation = ++this.generation;
    this.ready = false;
    const before = this.key();
    let state: Workspace | null = null;
    const linked = queryInHash(location.hash);
    if (linked !== null) {
      history.replaceState(null, '', location.pathname + location.search);
      const shared = await this.validated(`#view=${linked}`).catch(() => null);
      if (shared) state = { ...shared, view_id: null };
    }
    state ??= await call('workspace.load').then(
      (loaded) => loaded.workspace,
      () => null,
    );
    if (generation !== this.generation) return;
    const touched = this.key() !== before;
    if (!touched) {
      sessionQuery.sort = state?.sort ?? DEFAULT_SORT;
      sessionQuery.filter = state?.filter ?? {};
      savedViews.activeId = state?.view_id ?? null;
      this.lastSaved = this.key();
    }
    this.ready = true;
    if (touched) {
      this.restored = true;
      this.save(this.key());
      return;
    }
    const loaded = sessionQuery.refresh();
    this.restored = true;
    await loaded;
  }

  /** Saves the query whenever it changes (in order, one call at a time). */
  connect(): () => void {
    return $effect.root(() => {
      $effect(() => {
        const key = this.key();
        if (this.ready) this.save(key);
      });
    });
  }

  private save(key: string): void {
    if (key === this.lastSaved) return;
    this.lastSaved = key;
    const workspace = JSON.parse(key) as Workspace;
    this.saving = this.saving
      .then(() => call('workspace.save', workspace))
      .then(
        () => undefined,
        () => undefined,
      );
  }

  /** Resolves once every change so far is saved. */
  flushed(): Promise<void> {
    return this.saving;
  }

  /**
   * Applies a pasted link or text. Returns null when applied, else a sentence saying why not
   * (not a filter, or a filter the engine refuses).
   */
  async applyShared(text: string): Promise<string | null> {
    try {
      const query = await this.validated(text);
      sessionQuery.sort = query.sort;
      savedViews.activeId = null;
      sessionQuery.setFilter(query.filter);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : describeError(error).message;
    }
  }

  /** The query in `text`, checked by the engine (one row asked for). */
  private async validated(text: string): Promise<QueryState> {
    const parsed = parseQuery(text);
    const sort = parsed.sort ?? $state.snapshot(sessionQuery.sort);
    try {
      await call('sessions.list', { filter: parsed.filter, sort, limit: 1 });
    } catch (error) {
      throw new Error(`That filter cannot be used: ${describeError(error).message}`, {
        cause: error,
      });
    }
    return { filter: parsed.filter, sort };
  }

  private key(): string {
    return JSON.stringify({
      filter: $state.snapshot(sessionQuery.filter),
      sort: $state.snapshot(sessionQuery.sort),
      view_id: savedViews.activeId,
    });
  }
}

export const queryMemory = new QueryMemory();
