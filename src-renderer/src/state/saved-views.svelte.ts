import type { AppErrorShape } from '../../../src-shared/contract/app-error';
import type { SavedView } from '../../../src-shared/contract/results';
import { call, describeError } from '../platform/call';
import { sameQuery } from './filter-edit';
import { sessionQuery } from './session-query.svelte';
import { viewColumns } from './view-columns';

type View = SavedView;

/**
 * Named queries (Datasette's "a view is just a filter you can name"), kept by the engine per
 * account, in the user's order, each with its live count in the cache.
 */
export class SavedViews {
  views = $state.raw<View[]>([]);
  counts = $state.raw<Record<string, number>>({});
  error = $state<AppErrorShape | null>(null);
  /** The view last applied or saved; the list may have drifted from it ("modified"). */
  activeId = $state<string | null>(null);
  /** The view just deleted, until undone or another change. */
  deleted = $state.raw<View | null>(null);

  private countGeneration = 0;

  /** The view the list shows: the one applied, else one that says exactly the current query. */
  readonly active = $derived(
    this.views.find((view) => view.id === this.activeId) ??
      this.views.find((view) => sameQuery(view, this.current())) ??
      null,
  );

  /** The applied view no longer says what the list shows. */
  readonly modified = $derived(
    this.active !== null &&
      this.active.id === this.activeId &&
      !sameQuery(this.active, this.current()),
  );

  current() {
    return { filter: sessionQuery.filter, sort: sessionQuery.sort };
  }

  async load(): Promise<void> {
    await this.run(async () => {
      this.views = await call('views.list');
    });
    void this.loadCounts();
  }

  /** Each view's count in the cache now; called again whenever the cache changes. */
  async loadCounts(): Promise<void> {
    const generation = ++this.countGeneration;
    try {
      // Counting every view costs the engine as much as a list page or more: at start-up the
      // counts wait for the first list rather than hold it up.
      await sessionQuery.firstListAnswered;
      const answer = await call('views.counts');
      if (generation === this.countGeneration) this.counts = answer.counts;
    } catch {
      if (generation === this.countGeneration) this.counts = {};
    }
  }

  apply(view: View): void {
    this.activeId = view.id;
    this.deleted = null;
    sessionQuery.sort = view.sort;
    if (view.columns) viewColumns.set(view.columns);
    sessionQuery.setFilter(view.filter);
  }

  /** Saves the current query as a new view, which becomes the active one. */
  async saveAs(name: string): Promise<boolean> {
    return this.run(async () => {
      const saved = await call('views.save', { name, ...this.snapshot() });
      this.activeId = saved.id;
      await this.reload();
    });
  }

  /** Overwrites the active view with the current query. */
  async saveActive(): Promise<boolean> {
    const view = this.active;
    if (!view) return false;
    return this.run(async () => {
      await call('views.save', { id: view.id, name: view.name, ...this.snapshot() });
      this.activeId = view.id;
      await this.reload();
    });
  }

  async rename(view: View, name: string): Promise<boolean> {
    return this.run(async () => {
      await call('views.save', {
        id: view.id,
        name,
        filter: view.filter,
        sort: view.sort,
        columns: view.columns,
      });
      await this.reload();
    });
  }

  /** Moves a view `by` places (keyboard) or to `index` (drag). */
  async move(view: View, to: number): Promise<void> {
    const ids = this.views.map((entry) => entry.id).filter((id) => id !== view.id);
    const index = Math.max(0, Math.min(ids.length, to));
    ids.splice(index, 0, view.id);
    // Shown in the new order at once; the engine's answer follows.
    this.views = ids.flatMap((id) => this.views.find((entry) => entry.id === id) ?? []);
    await this.run(async () => {
      this.views = await call('views.reorder', { ids });
    });
  }

  async remove(view: View): Promise<void> {
    await this.run(async () => {
      await call('views.delete', { id: view.id });
      this.deleted = view;
      if (this.activeId === view.id) this.activeId = null;
      await this.reload();
    });
  }

  /** Brings the view just deleted back, in its place. */
  async undoDelete(): Promise<void> {
    const view = this.deleted;
    if (!view) return;
    await this.run(async () => {
      await call('views.restore', {
        id: view.id,
        name: view.name,
        filter: view.filter,
        sort: view.sort,
        columns: view.columns,
        position: view.position,
      });
      this.deleted = null;
      await this.reload();
    });
  }

  private snapshot() {
    return {
      filter: $state.snapshot(sessionQuery.filter),
      sort: $state.snapshot(sessionQuery.sort),
      columns: viewColumns.get(),
    };
  }

  private async reload(): Promise<void> {
    this.views = await call('views.list');
    void this.loadCounts();
  }

  private async run(action: () => Promise<void>): Promise<boolean> {
    try {
      await action();
      this.error = null;
      return true;
    } catch (error) {
      this.error = describeError(error);
      return false;
    }
  }
}

export const savedViews = new SavedViews();
