import type { TokenProvider } from '../engine/api/opencx-client';
import { createKeytarSecretStore, loadKeytar } from '../engine/secrets/keytar-secret-store';

/**
 * The token from OPENCX_API_TOKEN, else from the OS keychain entry the desktop app stores for
 * that account (service `session-desk`, account = the account's id, given as --profile).
 * keytar loads lazily: a machine without a Secret Service can still use the variable.
 */
export function cliTokenProvider(env: NodeJS.ProcessEnv, profile: string): TokenProvider {
  return {
    async getToken() {
      if (env.OPENCX_API_TOKEN) return env.OPENCX_API_TOKEN;
      try {
        return await createKeytarSecretStore(await loadKeytar()).get(profile);
      } catch {
        return null;
      }
    },
  };
}
