import type { TokenProvider } from '../engine/api/opencx-client';
import { keyForBaseUrl } from '../engine/secrets/bound-key';
import { createKeytarSecretStore, loadKeytar } from '../engine/secrets/keytar-secret-store';
import type { SecretStore } from '../engine/secrets/secret-store';

/** The OS keychain, where the desktop app keeps each account's key. */
const keychain = async (): Promise<Pick<SecretStore, 'get'>> =>
  createKeytarSecretStore(await loadKeytar());

/**
 * The token from OPENCX_API_TOKEN, else from the OS keychain entry the desktop app stores for
 * that account (service `session-desk`, account = the account's id, given as --profile). The app
 * stores a key together with the base URL it was entered for: that key goes only to `baseUrl` if
 * it is the same URL; for another, getToken throws KeyRefusedError saying so. A bare key stored
 * before keys were bound goes wherever --base-url says, as it always did.
 * keytar loads lazily: a machine without a Secret Service can still use the variable.
 */
export function cliTokenProvider(
  env: NodeJS.ProcessEnv,
  profile: string,
  baseUrl: string,
  secrets: () => Promise<Pick<SecretStore, 'get'>> = keychain,
): TokenProvider {
  return {
    async getToken() {
      if (env.OPENCX_API_TOKEN) return env.OPENCX_API_TOKEN;
      let stored: string | null;
      try {
        stored = await (await secrets()).get(profile);
      } catch {
        return null;
      }
      return keyForBaseUrl(stored, baseUrl, null);
    },
  };
}
