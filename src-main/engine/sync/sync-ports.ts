import type { ApiFilters, FilterResponse } from '../../../src-shared/opencx/filter-request';
import type { Session } from '../../../src-shared/opencx/session';
import type { Tag } from '../../../src-shared/opencx/tag';
import type { CreatedRange } from '../store/cache/created-range';
import type { SessionRefPage } from '../api/session-ref-page';

// What the sync engine needs from the API client and the cache, as narrow ports: the sync logic
// is tested against the real client and store, but reads without either in view.

export type SyncPriority = 'delta' | 'background' | 'backfill';

export interface SyncRequestOptions {
  priority: SyncPriority;
  signal: AbortSignal;
}

export interface CreatedAtPageRequest {
  filters: ApiFilters;
  sort_by: 'created_at';
  sort_order: 'asc' | 'desc';
  page: number;
  limit: number;
}

export interface SyncSource {
  filterSessions(
    request: CreatedAtPageRequest,
    options: SyncRequestOptions,
  ): Promise<FilterResponse>;
  /** The same request, read only for the ids and created_at of the sessions listed. */
  filterSessionRefs(
    request: CreatedAtPageRequest,
    options: SyncRequestOptions,
  ): Promise<SessionRefPage>;
  listTags(options: SyncRequestOptions): Promise<Tag[]>;
  /** Requests still allowed in the current rate-limit window, for progress reports. */
  budgetLeft(): number | null;
  /**
   * Resolves once a request would spend only spare budget: nothing else is waiting and the
   * window keeps a reserve for what the user and the delta need. Background work calls it
   * before each request. Rejects when `signal` aborts.
   */
  waitForSpareBudget(signal: AbortSignal): Promise<void>;
}

export interface SyncStore {
  /**
   * Upserts one page and records its resume point with it, in the batch of pages held open
   * (one is begun if none is): reads in this process see the page at once, and it is durable
   * once the batch commits (commitSessionPages, or any other write to the cache, commits it
   * first). A failed write rolls back every page not yet committed, with their resume point.
   */
  writeSessionPage(
    sessions: readonly Session[],
    seenAt: string,
    resume: { key: string; value: unknown },
  ): void;
  /** Commits the held batch of pages, if there is one. */
  commitSessionPages(): void;
  getSyncState(key: string): unknown;
  setSyncState(key: string, value: unknown): void;
  replaceTagCatalog(tags: Tag[]): void;
  /**
   * Replaces the members of one tag among cached sessions created at or after `createdFrom`.
   * The Tags sort's labels are left for refreshTagLabels: a full pass writes every tag, and
   * each tag relabelling its members rewrote most session rows once per tag.
   */
  setTagMembers(tagName: string, sessionIds: string[], createdFrom: string | null): void;
  /** Sets each session's Tags sort label from its tags where they differ. */
  refreshTagLabels(): void;
  /** Replaces the whole tag set of each session named in the map. */
  setSessionTags(tagsBySession: Map<string, string[]>): void;
  /** Marks live sessions created at or after `createdFrom` and not seen since `seenSince` as deleted. */
  markUnseenDeleted(seenSince: string, createdFrom: string | null): number;
  /**
   * Replaces one tag's members among sessions created in `range`, leaving alone those updated
   * at or after `updatedBefore`. Throws not_found for a tag no longer in the catalog.
   */
  replaceTagMembersCreatedIn(
    tagName: string,
    sessionIds: string[],
    range: CreatedRange,
    updatedBefore: string,
  ): void;
  /** The deletion sweep over sessions created in `range`. */
  markUnseenDeletedCreatedIn(seenSince: string, range: CreatedRange): number;
  /** Names in the cached tag catalog. */
  tagNames(): string[];
  transaction<T>(fn: () => T): T;
  /**
   * When the cache holds no session yet, sets aside the indexes a first sync fills it faster
   * without (store/cache/deferred-indexes.ts). Returns how many.
   */
  deferIndexesIfEmpty(): number;
  /** Builds every index set aside, calling `onBuilt` after each. Returns how many. */
  buildDeferredIndexes(onBuilt?: (built: number, of: number) => void): number;
  /**
   * Builds, on another thread, the indexes set aside that a full pass's tag writes leave alone.
   * Nothing may be written to the store until it settles. Resolves with how many it built; the
   * rest stay for buildDeferredIndexes. `onBuilt` follows each, with how many of all those set
   * aside.
   */
  buildIndexesBesideTagWalks(
    signal: AbortSignal,
    onBuilt: (built: number, of: number) => void,
  ): Promise<number>;
  /** Refreshes the query planner's statistics after a large write. */
  optimize(): void;
}
