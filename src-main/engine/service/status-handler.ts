import type { AccountRegistry } from '../accounts/account-registry';
import type { ContractHandlers } from '../contract/dispatcher';
import type { ActiveAccount } from './active-account';
import type { ConnectivityMonitor } from './connectivity-monitor';
import type { SyncRunner } from './sync-runner';

/** app.status: the account, the network, the cache, and what the user should know, in sentences. */
export function statusHandler(
  registry: AccountRegistry,
  account: ActiveAccount,
  connectivity: ConnectivityMonitor,
  runner: SyncRunner,
): Pick<ContractHandlers, 'app.status'> {
  return {
    'app.status': async () => {
      const active = account.accountId ? registry.get(account.accountId) : null;
      return {
        account: active ? await registry.info(active) : null,
        connectivity: connectivity.state,
        cached_sessions: account.session?.store.countSessions() ?? 0,
        last_synced_at: runner.lastSyncedAt(),
        notice: joinNotices(account.notice(), await lostKeysNotice(registry)),
      };
    },
  };
}

/**
 * After stored keys were lost (a damaged secrets file moved aside): what happened and which
 * accounts need their key again; null once every account has one.
 */
async function lostKeysNotice(registry: AccountRegistry): Promise<string | null> {
  const state = await registry.state().catch(() => null);
  const lost = state?.secret_storage.lost_keys;
  if (!state || !lost) return null;
  const names = state.accounts.filter((account) => !account.has_token).map((a) => a.name);
  if (names.length === 0) return null;
  return `${lost} Enter the API key again for ${names.join(', ')}.`;
}

function joinNotices(...notices: (string | null)[]): string | null {
  const present = notices.filter((notice): notice is string => notice !== null);
  return present.length > 0 ? present.join(' ') : null;
}
