import type { SyncProgress } from '../../../src-shared/contract/results';
import type { AccountRegistry } from '../accounts/account-registry';
import { prefetchHistories } from '../sync/history-prefetch';
import type { AccountSession } from './account-session';

const WEEK_MS = 7 * 24 * 3600_000;
const FORCED_BACKFILL_KEY = 'sync.last_forced_backfill_at';

export interface BackgroundWorkOptions {
  registry: AccountRegistry;
  now: () => number;
  signal: AbortSignal;
  onProgress: (progress: SyncProgress) => void;
  /** The backfill stored sessions: the lists on screen should reload. */
  onBackfilled: () => void;
}

/**
 * What runs after a sync is current, on spare budget only: the backfill of sessions older than
 * the account's scope (weekly it walks them all again, so its sweep finds their deletions), then
 * the transcripts of recently changed sessions.
 */
export async function runBackgroundWork(
  session: AccountSession,
  options: BackgroundWorkOptions,
): Promise<void> {
  const { now, signal } = options;
  const account = options.registry.get(session.accountId);
  if (account && account.scope_days !== null) {
    const lastForced = session.store.getSyncState(FORCED_BACKFILL_KEY);
    const force = typeof lastForced !== 'string' || now() - Date.parse(lastForced) > WEEK_MS;
    const backfill = await session.sync.runBackfill({ force }, signal);
    if (force && backfill.done && !backfill.cancelled) {
      session.store.setSyncState(FORCED_BACKFILL_KEY, new Date(now()).toISOString());
    }
    if (backfill.sessions_upserted > 0) options.onBackfilled();
  }
  await prefetchHistories(session.client, session.scheduler, session.store, {
    signal,
    now,
    onProgress: options.onProgress,
  });
}
