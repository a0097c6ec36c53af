import { SvelteSet } from 'svelte/reactivity';
import type { AppErrorShape } from '../../../src-shared/contract/app-error';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { SessionSort } from '../../../src-shared/filter/session-sort';
import type { Session } from '../../../src-shared/opencx/session';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../src-shared/filter/page-size';
import { call, describeError } from '../platform/call';

const PAGE_SIZE = DEFAULT_PAGE_SIZE;
/** The most one page may hold (the contract's limit): a reload keeps up to this many rows. */
const MAX_PAGE = MAX_PAGE_SIZE;

/** The filter the panel edits and the page of the cache it selects. */
export class SessionQuery {
  filter = $state<SessionFilter>({});
  sort = $state<SessionSort>({ field: 'last_message_at', order: 'desc' });
  items = $state.raw<Session[]>([]);
  total = $state(0);
  nextCursor = $state<string | null>(null);
  loading = $state(false);
  error = $state<AppErrorShape | null>(null);
  selectedId = $state<string | null>(null);
  /** Sessions marked with x, for work on several at once. */
  readonly marked = new SvelteSet<string>();

  /** The session last opened, kept while a reload no longer lists it (sort moved it down). */
  private opened = $state.raw<Session | null>(null);

  selected = $derived(
    this.items.find((session) => session.id === this.selectedId) ??
      (this.opened?.id === this.selectedId ? this.opened : null),
  );

  // A newer refresh makes older answers stale; only the latest may write the list.
  private generation = 0;

  setFilter(next: SessionFilter): void {
    this.filter = next;
    void this.refresh();
  }

  setSort(next: SessionSort): void {
    this.sort = next;
    void this.refresh();
  }

  /** Reloads from the top for a new filter or sort. */
  refresh(): Promise<void> {
    return this.fetchPage(null, ++this.generation, PAGE_SIZE);
  }

  /**
   * Reloads after the cache changed (sync, backfill) without losing the reader's place: as many
   * rows as were loaded, and the open session stays open.
   */
  reload(): Promise<void> {
    const rows = Math.min(MAX_PAGE, Math.max(PAGE_SIZE, this.items.length));
    return this.fetchPage(null, ++this.generation, rows);
  }

  /** Forgets everything of the previous account. */
  reset(): void {
    this.filter = {};
    this.marked.clear();
    this.select(null);
    void this.refresh();
  }

  /** Appends the next page, if there is one. */
  async loadMore(): Promise<void> {
    if (!this.nextCursor || this.loading) return;
    await this.fetchPage(this.nextCursor, this.generation, PAGE_SIZE);
  }

  private async fetchPage(cursor: string | null, generation: number, limit: number): Promise<void> {
    this.loading = true;
    try {
      const page = await call('sessions.list', {
        filter: $state.snapshot(this.filter),
        sort: $state.snapshot(this.sort),
        limit,
        cursor,
      });
      if (generation !== this.generation) return;
      this.items = cursor ? [...this.items, ...page.items] : page.items;
      this.total = page.total;
      this.nextCursor = page.next_cursor;
      this.error = null;
    } catch (error) {
      if (generation === this.generation) this.error = describeError(error);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  select(id: string | null): void {
    this.selectedId = id;
    this.opened = this.items.find((session) => session.id === id) ?? null;
  }

  /** Moves the current session by `step` rows (j/k), loading the next page at the end. */
  move(step: 1 | -1): void {
    const index = this.items.findIndex((session) => session.id === this.selectedId);
    const next = index === -1 ? (step === 1 ? 0 : this.items.length - 1) : index + step;
    const target = this.items[Math.max(0, Math.min(this.items.length - 1, next))];
    if (target) this.select(target.id);
    if (next >= this.items.length - 5) void this.loadMore();
  }

  /** Marks or unmarks the current session (x), for work on several at once. */
  toggleMarked(): void {
    const id = this.selectedId;
    if (!id) return;
    if (!this.marked.delete(id)) this.marked.add(id);
  }

  setSearch(text: string): void {
    const q = text.trim();
    const { q: _previous, ...rest } = this.filter;
    this.setFilter(q ? { ...rest, q } : rest);
  }
}

export const sessionQuery = new SessionQuery();
