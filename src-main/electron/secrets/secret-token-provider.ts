import type { TokenProvider } from '../../engine/service/token-provider';
import type { SecretStore } from './secret-store';

/**
 * The engine's token source on the desktop: the chosen secret store, looked up on first use (the
 * keychain probe can take seconds, and a user without a token yet should not wait for it at start).
 * The store's caveat is reported once so the user learns where the token lives.
 */
export function createSecretTokenProvider(
  chooseStore: () => Promise<SecretStore>,
  accountId: string,
  onCaveat: (caveat: string) => void,
): TokenProvider & { store(): Promise<SecretStore> } {
  let chosen: Promise<SecretStore> | null = null;
  const store = () => {
    chosen ??= chooseStore().then((picked) => {
      if (picked.caveat) onCaveat(picked.caveat);
      return picked;
    });
    return chosen;
  };
  return {
    store,
    getToken: async () => (await store()).get(accountId),
  };
}
