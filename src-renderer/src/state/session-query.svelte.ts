import type { AppErrorShape } from '../../../src-shared/contract/app-error';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { SessionSort } from '../../../src-shared/filter/session-sort';
import type { Session } from '../../../src-shared/opencx/session';
import { call, CallError } from '../platform/call';

const PAGE_SIZE = 100;

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

  selected = $derived(this.items.find((session) => session.id === this.selectedId) ?? null);

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

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    try {
      const page = await call('sessions.list', {
        filter: $state.snapshot(this.filter),
        sort: $state.snapshot(this.sort),
        limit: PAGE_SIZE,
        cursor: null,
      });
      if (generation !== this.generation) return;
      this.items = page.items;
      this.total = page.total;
      this.nextCursor = page.next_cursor;
      this.error = null;
    } catch (error) {
      if (generation === this.generation) this.error = describe(error);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  async loadMore(): Promise<void> {
    if (!this.nextCursor || this.loading) return;
    const generation = this.generation;
    this.loading = true;
    try {
      const page = await call('sessions.list', {
        filter: $state.snapshot(this.filter),
        sort: $state.snapshot(this.sort),
        limit: PAGE_SIZE,
        cursor: this.nextCursor,
      });
      if (generation !== this.generation) return;
      this.items = [...this.items, ...page.items];
      this.nextCursor = page.next_cursor;
    } catch (error) {
      if (generation === this.generation) this.error = describe(error);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  select(id: string | null): void {
    this.selectedId = id;
  }
}

function describe(error: unknown): AppErrorShape {
  if (error instanceof CallError) return error.error;
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export const sessionQuery = new SessionQuery();
