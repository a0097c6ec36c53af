import { AppError } from '../../../src-shared/contract/app-error';
import type { SessionHistory } from '../../../src-shared/contract/results';
import { toAppError, type ContractHandlers } from '../contract/dispatcher';
import { fetchSessionHistory } from '../sync/history-on-demand';
import type { ActiveAccount } from './active-account';
import type { ConnectivityMonitor } from './connectivity-monitor';

/**
 * The transcript of a session the user opened: the cached copy when it is current, else a
 * fresh one at interactive priority; offline, the cached copy marked stale. Only a session
 * never fetched while online has nothing to show.
 */
export function transcriptHandler(
  account: ActiveAccount,
  connectivity: ConnectivityMonitor,
): Pick<ContractHandlers, 'sessions.history'> {
  return { 'sessions.history': (input) => history(account, connectivity, input.id) };
}

async function history(
  account: ActiveAccount,
  connectivity: ConnectivityMonitor,
  id: string,
): Promise<SessionHistory> {
  const session = account.session;
  const cached = session?.store.getHistory(id) ?? null;
  const current = session?.store.getSession(id);
  if (!session || !current) {
    throw new AppError('not_found', `No cached session has the id ${id}.`);
  }
  const stale = !cached || Date.parse(cached.for_updated_at) < Date.parse(current.updated_at);
  if (cached && !stale) return { events: cached.events, saved_at: cached.saved_at, stale: false };
  if (connectivity.state.online !== false) {
    // Aborted if the account is switched meanwhile, so nothing lands in a closed cache; and as
    // soon as any request finds OpenCX unreachable, so the user is told at once rather than
    // after this request's retries.
    const stop = new AbortController();
    const abort = () => stop.abort();
    account.signal.addEventListener('abort', abort, { once: true });
    const off = connectivity.onChange((state) => {
      if (state.online === false) abort();
    });
    try {
      const events = await fetchSessionHistory(session.client, session.store, id, stop.signal);
      const saved = session.store.getHistory(id);
      return { events, saved_at: saved?.saved_at ?? null, stale: false };
    } catch (error) {
      const wentOffline = stop.signal.aborted && !account.signal.aborted;
      const appError = toAppError(error);
      // Only an unreachable OpenCX falls back to the old copy; a refused key or a server
      // error says so, rather than pass off stale data as the best there is.
      if (!wentOffline && (!cached || appError.code !== 'offline')) throw appError;
    } finally {
      off();
      account.signal.removeEventListener('abort', abort);
    }
  }
  if (cached) return { events: cached.events, saved_at: cached.saved_at, stale: true };
  throw new AppError(
    'offline',
    'This transcript has not been downloaded yet, and OpenCX cannot be reached right now.',
  );
}
