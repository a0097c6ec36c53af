import type { AppErrorShape } from './app-error';
import type { HistoryEvent } from '../opencx/history';
import type { Session } from '../opencx/session';
import type { SessionFilter } from '../filter/session-filter';
import type { LocalSortField, SessionSort } from '../filter/session-sort';

export interface SessionsPage {
  items: Session[];
  total: number;
  next_cursor: string | null;
  /** The column the sort really used: last_message_at falls back to updated_at where unknown. */
  sorted_by: LocalSortField;
  /** What only the cache knows about each listed session, by session id (absent: nothing). */
  local?: Record<string, SessionLocalFields>;
}

/** sessions.ids: the ids asked for, in the list's order, and how many match the filter. */
export interface SessionIds {
  ids: string[];
  total: number;
}

/** A listed session's fields that come from the cache rather than the session object. */
export interface SessionLocalFields {
  /** The newest message's time, where a transcript or a sync told the cache; else null. */
  last_message_at: string | null;
  /** Names of the tags the session carries, where tag membership was synced. */
  tags: string[];
  /** The assignee's name, where a transcript named them; else null. */
  assignee_name: string | null;
}

export type SyncPhase = 'sessions' | 'delta' | 'tags' | 'indexing' | 'history' | 'backfill';

export interface SyncProgress {
  phase: SyncPhase;
  pages: number;
  sessions: number;
  requests_left: number | null;
  eta_ms: number | null;
  /** Done and to do in this phase where they can be counted (e.g. transcripts); else absent. */
  done?: number | null;
  total?: number | null;
  /** How long requests are waiting for OpenCX's rate limit right now (ms); absent: not waiting. */
  waiting_ms?: number | null;
}

export interface SyncSummary {
  mode: 'full' | 'delta';
  sessions_upserted: number;
  pages: number;
  cancelled: boolean;
  started_at: string;
  finished_at: string;
}

export interface SyncState {
  running: boolean;
  /** After a sync: older sessions (backfill) and transcripts, with spare budget only. */
  background: boolean;
  /** Goes up whenever sync or backfill wrote sessions: views showing the cache reload then. */
  cache_version: number;
  progress: SyncProgress | null;
  last_synced_at: string | null;
  last_error: AppErrorShape | null;
}

/** Where API tokens are kept on this machine; the caveat says why, when not in the keychain. */
export interface SecretStorage {
  kind: 'keychain' | 'encrypted-file' | 'memory';
  caveat: string | null;
  /**
   * When stored keys were lost (a damaged secrets file moved aside, a key that no longer
   * decrypts): what happened, in a sentence; null when nothing was lost.
   */
  lost_keys: string | null;
}

export interface AccountInfo {
  id: string;
  name: string;
  base_url: string;
  /** Sessions created in the last N days are synced first; null: everything at once. */
  scope_days: number | null;
  has_token: boolean;
}

export interface AccountsState {
  accounts: AccountInfo[];
  active_id: string | null;
  secret_storage: SecretStorage;
}

/** Decided from our own requests; the OS signal is only a hint. null: not known yet. */
export interface Connectivity {
  online: boolean | null;
  /** When a request last reached OpenCX. */
  last_reached_at: string | null;
}

export interface AppStatus {
  account: AccountInfo | null;
  connectivity: Connectivity;
  cached_sessions: number;
  last_synced_at: string | null;
  /** A sentence for the user when the cache had to be rebuilt (damaged file moved aside). */
  notice: string | null;
}

/** A session's transcript as the cache holds it, fetched first when it was missing or stale. */
export interface SessionHistory {
  events: HistoryEvent[];
  /** When the cached copy was fetched; null when none is cached. */
  saved_at: string | null;
  /** True when the session changed after this copy was fetched and OpenCX could not be asked. */
  stale: boolean;
}

/** Datasette's idea: a view is just a filter (search included) and sort with a name. */
export interface SavedView {
  id: string;
  name: string;
  filter: SessionFilter;
  sort: SessionSort;
  /** The list's shown columns, in order, when the view was saved; null: the user's own. */
  columns: string[] | null;
  /** Its place in the account's list of views (0 first). */
  position: number;
  created_at: string;
  updated_at: string;
  /** Why a stored filter no longer validates (it then comes back empty); null when it does. */
  problem: string | null;
}

/** Each saved view's count in the cache now; views past the time budget are listed as skipped. */
export interface ViewCounts {
  counts: Record<string, number>;
  skipped: string[];
  elapsed_ms: number;
}

/** The account's current filter, search and sort (and the view they came from), kept across restarts. */
export interface Workspace {
  filter: SessionFilter;
  sort: SessionSort;
  view_id: string | null;
}

export type HistogramStack = 'status' | 'sentiment' | 'channel';
export type HistogramUnit = 'hour' | 'day' | 'week';

/** Sessions over time for a filter, counted in the cache: what the chart above the list draws. */
export interface SessionHistogram {
  field: 'created_at' | 'updated_at' | 'last_message_at';
  stack_by: HistogramStack;
  unit: HistogramUnit;
  /** Each bucket's start (epoch ms), consecutive, one unit apart. */
  starts: number[];
  /** One series per value of the stacking field, largest first; value null: none. */
  series: { value: string | null; counts: number[] }[];
  /** Sessions counted: the list's total for the same filter. */
  total: number;
  elapsed_ms: number;
}

/** A contact of cached sessions, for the contact filter's type-ahead. */
export interface ContactMatch {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Cached sessions with this contact. */
  sessions: number;
}

export type CustomDataType = 'string' | 'number' | 'boolean';

/** A custom-data key the cache holds, with the types its values are stored as. */
export interface CustomDataKey {
  key: string;
  types: CustomDataType[];
}

/** A value seen under a custom-data key, typed as stored. */
export interface CustomDataValue {
  value: string | number | boolean;
  type: CustomDataType;
}
