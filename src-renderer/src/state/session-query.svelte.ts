import type { AppErrorShape } from '../../../src-shared/contract/app-error';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { LocalSortField, SessionSort } from '../../../src-shared/filter/session-sort';
import type { Session } from '../../../src-shared/opencx/session';
import { call, describeError } from '../platform/call';
import { accounts } from './accounts.svelte';
import { toListRows, type ListRow } from './list-row';
import { BLOCK_SIZE, RowCache, type FetchBlock } from './row-cache.svelte';

export const DEFAULT_SORT: SessionSort = { field: 'last_message_at', order: 'desc' };

type FilterListener = (previous: SessionFilter, next: SessionFilter) => void;

/**
 * The filter and sort the list shows, the rows of the result (fetched as the grid needs them),
 * the focused row (j/k, arrows) and the session open in the detail pane (click, Enter).
 */
export class SessionQuery {
  filter = $state<SessionFilter>({});
  sort = $state<SessionSort>({ ...DEFAULT_SORT });
  /** The column the engine really sorted by (last message falls back to updated). */
  sortedBy = $state<LocalSortField>('last_message_at');
  /** Bumped for every new query (filter, sort, account): the grid scrolls back to the top. */
  queryVersion = $state(0);

  /** Index of the focused row, -1 when none. */
  focusIndex = $state(-1);
  /** The session open in the detail pane; kept when a reload no longer lists it. */
  opened = $state.raw<ListRow | null>(null);
  /** False when the open session is not in the list any more (a filter change, a sync). */
  openedListed = $state(true);
  /** The rows the grid shows right now, [start, end): the position "1,234–1,290 of N". */
  visible = $state({ start: 0, end: 0 });

  readonly rows: RowCache<ListRow>;
  private queryToken = 0;
  private lastQuery = '';
  /** Set by an account switch: the next list must not show the other account's rows meanwhile. */
  private otherAccountShown = false;
  // Listeners are plumbing, not state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly filterListeners = new Set<FilterListener>();

  /**
   * Settles once the first list the page asks for is answered, or has failed. Calls that can
   * wait (the saved views' counts) wait for it at start-up: the engine answers one call at a
   * time, and the list is what the user is looking at.
   */
  readonly firstListAnswered: Promise<void>;
  private markFirstListAnswered: () => void = () => undefined;

  constructor() {
    this.rows = new RowCache<ListRow>(this.fetcher(), true);
    this.firstListAnswered = new Promise((resolve) => (this.markFirstListAnswered = resolve));
  }

  /**
   * Another account's cache: the next refresh starts over even with the same filter and sort.
   * (From no account, the first one added: the list on screen was empty, so nothing to forget.)
   */
  accountChanged(previous: string | null): void {
    if (previous !== null) {
      this.lastQuery = '';
      this.otherAccountShown = true;
    }
  }

  get total(): number {
    return this.rows.total;
  }

  get loading(): boolean {
    return this.rows.loading;
  }

  get error(): AppErrorShape | null {
    return this.rows.error ? describeError(this.rows.error) : null;
  }

  /** The id of the focused row, if its block is loaded. */
  get focusedId(): string | null {
    return this.rows.rowAt(this.focusIndex)?.session.id ?? null;
  }

  /** The detail pane's session (the name App and the commands use). */
  get selected(): Session | null {
    return this.opened?.session ?? null;
  }

  /** Called after every filter change, with the filter before and after. */
  onFilterChanged(listener: FilterListener): () => void {
    this.filterListeners.add(listener);
    return () => this.filterListeners.delete(listener);
  }

  setFilter(next: SessionFilter): void {
    const previous = $state.snapshot(this.filter);
    this.filter = next;
    void this.refresh();
    for (const listener of this.filterListeners) listener(previous, $state.snapshot(next));
  }

  setSort(next: SessionSort): void {
    this.sort = next;
    void this.refresh();
  }

  /** Header click: sorts by `field`, or reverses when it already sorts by it. */
  toggleSort(field: LocalSortField): void {
    const order =
      this.sort.field === field
        ? this.sort.order === 'desc'
          ? 'asc'
          : 'desc'
        : field === 'ticket_number' || isTimeField(field)
          ? 'desc'
          : 'asc';
    this.setSort({ field, order });
  }

  /** Starts the list over from the top for a new filter or sort. */
  async refresh(): Promise<void> {
    // The same query again (a second restore at start-up): the reader keeps their place.
    const key = JSON.stringify([$state.snapshot(this.filter), $state.snapshot(this.sort)]);
    if (key === this.lastQuery && this.rows.total > 0) return this.reload();
    this.lastQuery = key;
    this.queryVersion += 1;
    this.focusIndex = -1;
    const keepShown = !this.otherAccountShown;
    this.otherAccountShown = false;
    await this.rows.reset(this.fetcher(), { keepShown }).finally(this.markFirstListAnswered);
    this.afterLoad();
    await this.checkOpened();
  }

  /**
   * After the cache changed (sync, backfill): the rows on screen are fetched again; the place,
   * the focus (by session) and the open session stay.
   */
  async reload(): Promise<void> {
    const focusedId = this.rows.peek(this.focusIndex)?.session.id ?? null;
    const { start, end } = this.visible;
    await this.rows.refresh(start, Math.max(end, start + BLOCK_SIZE));
    if (focusedId) {
      for (const [index, row] of this.rows.loaded()) {
        if (row.session.id === focusedId) this.focusIndex = index;
      }
    }
    this.afterLoad();
    await this.checkOpened();
  }

  /** Whether the open session is still in the list (a filter change or a sync may drop it). */
  private async checkOpened(): Promise<void> {
    const opened = this.opened;
    if (!opened) return;
    const id = opened.session.id;
    try {
      const answer = await call('sessions.ids', {
        filter: $state.snapshot(this.filter),
        within: [id],
      });
      if (this.opened?.session.id === id) this.openedListed = answer.ids.includes(id);
    } catch {
      // Unknown: say nothing rather than something wrong.
    }
  }

  /** Forgets everything of the previous account. */
  reset(): void {
    this.filter = {};
    this.sort = { ...DEFAULT_SORT };
    this.open(null);
    void this.refresh();
  }

  /** Opens a session in the detail pane (null closes it). */
  open(row: ListRow | null): void {
    this.opened = row;
    this.openedListed = true;
  }

  /** Opens the focused row: Enter. False when no row is focused. */
  openFocused(): boolean {
    const row = this.rows.peek(this.focusIndex);
    if (!row) return false;
    this.open(row);
    return true;
  }

  /** Compatibility with callers that close the detail pane by id. */
  select(id: string | null): void {
    if (id === null) this.open(null);
    else {
      for (const [index, row] of this.rows.loaded()) {
        if (row.session.id === id) {
          this.focusIndex = index;
          this.open(row);
        }
      }
    }
  }

  /** Moves the focus to row `index` (clamped) and loads it if needed. */
  focus(index: number): void {
    if (this.total === 0) {
      this.focusIndex = -1;
      return;
    }
    this.focusIndex = Math.max(0, Math.min(this.total - 1, index));
    void this.rows.ensure(this.focusIndex, this.focusIndex + 1);
  }

  /** Moves the focus by `step` rows (j/k, arrows, PageUp/PageDown). */
  move(step: number): void {
    if (this.focusIndex === -1) {
      const first = this.visible.start;
      this.focus(step > 0 ? first : Math.max(first, this.visible.end - 1));
      return;
    }
    this.focus(this.focusIndex + step);
  }

  setSearch(text: string): void {
    const q = text.trim();
    const { q: _previous, ...rest } = this.filter;
    if ((this.filter.q ?? '') === q) return;
    this.setFilter(q ? { ...rest, q } : rest);
  }

  /** After a load: the open session is checked against the loaded rows (kept fresh). */
  private afterLoad(): void {
    const opened = this.opened;
    if (!opened) return;
    for (const [, row] of this.rows.loaded()) {
      if (row.session.id === opened.session.id && row !== opened) this.opened = row;
    }
  }

  private fetcher(): FetchBlock<ListRow> {
    const token = ++this.queryToken;
    const filter = $state.snapshot(this.filter);
    const sort = $state.snapshot(this.sort);
    return async ({ cursor, offset, limit }) => {
      const page = await call('sessions.list', {
        filter,
        sort,
        limit,
        cursor,
        ...(cursor === null && offset > 0 ? { offset } : {}),
      });
      if (token === this.queryToken) this.sortedBy = page.sorted_by;
      return { rows: toListRows(page), total: page.total, next: page.next_cursor };
    };
  }
}

export function isTimeField(field: LocalSortField): boolean {
  return field === 'last_message_at' || field === 'created_at' || field === 'updated_at';
}

export const sessionQuery = new SessionQuery();

// Registered before the app's own switch listeners (which restore the account's query), so the
// restore after a real switch starts the list over.
accounts.onSwitched((previous) => sessionQuery.accountChanged(previous));
