import type { AppErrorShape } from './app-error';
import type { Session } from '../opencx/session';
import type { LocalSortField } from '../filter/session-sort';

export interface SessionsPage {
  items: Session[];
  total: number;
  next_cursor: string | null;
  /** The column the sort really used: last_message_at falls back to updated_at where unknown. */
  sorted_by: LocalSortField;
}

export type SyncPhase = 'sessions' | 'delta' | 'tags' | 'history' | 'backfill';

export interface SyncProgress {
  phase: SyncPhase;
  pages: number;
  sessions: number;
  requests_left: number | null;
  eta_ms: number | null;
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
  progress: SyncProgress | null;
  last_synced_at: string | null;
  last_error: AppErrorShape | null;
}

export interface AppStatus {
  account: { name: string; base_url: string } | null;
  online: boolean | null;
  cached_sessions: number;
  last_synced_at: string | null;
}
