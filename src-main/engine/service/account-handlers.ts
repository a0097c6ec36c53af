import { AppError } from '../../../src-shared/contract/app-error';
import type { AccountsState } from '../../../src-shared/contract/results';
import { normalizeBaseUrl } from '../../../src-shared/opencx/base-url';
import { keyNeededForNewUrl, type AccountRegistry } from '../accounts/account-registry';
import type { ContractHandlers } from '../contract/dispatcher';
import { checkAccountKey } from './account-key-check';
import type { HttpFetch } from '../api/http-fetch';

/** What the account channels change in the running engine: which account's cache is open. */
export interface AccountSwitching {
  /** The account being worked in (its cache open, or awaited while another program holds it). */
  activeId(): string | null;
  /** Closes the open cache, makes `id` active and opens its cache (a first account syncs at once). */
  reopen(id: string, options?: { sync?: boolean }): Promise<void>;
  /** Closes the open cache, stopping everything that uses it. */
  close(): Promise<void>;
  /** Tells every window the accounts changed; answers with the new state. */
  changed(): Promise<AccountsState>;
}

export function accountHandlers(
  registry: AccountRegistry,
  switching: AccountSwitching,
  fetch: HttpFetch,
): Pick<
  ContractHandlers,
  'accounts.list' | 'accounts.add' | 'accounts.update' | 'accounts.remove' | 'accounts.switch'
> {
  // Account changes, one after another: two at once could leave a session open and syncing.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation, operation);
    queue = result.catch(() => undefined);
    return result;
  };
  const requireAccount = (id: string) => {
    const account = registry.get(id);
    if (!account) throw new AppError('not_found', `There is no account with the id ${id}.`);
    return account;
  };

  return {
    'accounts.list': () => registry.state(),
    'accounts.add': (input) =>
      serially(async () => {
        await checkAccountKey(input.base_url, input.token, fetch);
        const account = await registry.add(input);
        // The first account opens at once and syncs, so a new user sees sessions arrive.
        if (!switching.activeId()) await switching.reopen(account.id, { sync: true });
        return switching.changed();
      }),
    'accounts.update': ({ id, ...changes }) =>
      serially(async () => {
        const current = requireAccount(id);
        // The stored key never goes to a new URL, not even to check it: a new URL comes with
        // the key again, and only that key is sent to it (registry.update refuses it too).
        const { base_url: url, token } = changes;
        if (url !== undefined && token === undefined) {
          if (normalizeBaseUrl(url) !== normalizeBaseUrl(current.base_url)) {
            throw keyNeededForNewUrl(current, url);
          }
        }
        if (changes.token !== undefined) {
          await checkAccountKey(changes.base_url ?? current.base_url, changes.token, fetch);
        }
        await registry.update(id, changes);
        if (switching.activeId() === id) await switching.reopen(id);
        return switching.changed();
      }),
    'accounts.remove': ({ id }) =>
      serially(async () => {
        requireAccount(id);
        if (switching.activeId() === id) await switching.close();
        await registry.remove(id);
        const next = registry.activeId();
        if (next && !switching.activeId()) await switching.reopen(next);
        return switching.changed();
      }),
    'accounts.switch': ({ id }) =>
      serially(async () => {
        requireAccount(id);
        await switching.reopen(id);
        return switching.changed();
      }),
  };
}
