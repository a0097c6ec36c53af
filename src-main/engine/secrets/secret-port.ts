import type { SecretStorage } from '../../../src-shared/contract/results';
import type { SecretStore } from './secret-store';

/**
 * The engine's window onto API tokens. The host (Electron main, the web host, the CLI) owns the
 * keychain; the engine only asks. In the worker this is a message round-trip to the host.
 */
export interface SecretPort {
  get(accountId: string): Promise<string | null>;
  set(accountId: string, secret: string): Promise<void>;
  delete(accountId: string): Promise<boolean>;
  describe(): Promise<SecretStorage>;
}

/** The account id of the one account given by OPENCX_BASE_URL / OPENCX_API_TOKEN. */
export const ENVIRONMENT_ACCOUNT_ID = 'environment';

/**
 * A port over a store that may take a while to choose (the keychain probe can take seconds):
 * chosen on first use. An environment token, when given, answers for the environment account
 * from memory only, and is never written to the store.
 */
export function secretPort(
  choose: () => Promise<SecretStore>,
  environmentToken: string | null = null,
): SecretPort {
  let chosen: Promise<SecretStore> | null = null;
  const store = () => (chosen ??= choose());
  let environment = environmentToken;
  const isEnvironment = (accountId: string) =>
    environmentToken !== null && accountId === ENVIRONMENT_ACCOUNT_ID;
  return {
    get: async (accountId) =>
      isEnvironment(accountId) ? environment : (await store()).get(accountId),
    set: async (accountId, secret) => {
      if (isEnvironment(accountId)) environment = secret;
      else await (await store()).set(accountId, secret);
    },
    delete: async (accountId) => {
      if (!isEnvironment(accountId)) return (await store()).delete(accountId);
      const had = environment !== null;
      environment = null;
      return had;
    },
    describe: async () => {
      const picked = await store();
      return {
        kind: picked.kind,
        caveat: picked.caveat,
        lost_keys: (await picked.lostTokens?.()) ?? null,
      };
    },
  };
}
