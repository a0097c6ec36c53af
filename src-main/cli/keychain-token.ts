import type { TokenProvider } from '../engine/service/token-provider';

export const KEYCHAIN_SERVICE = 'session-desk';

/**
 * The token from OPENCX_API_TOKEN, else from the OS keychain entry the desktop app stores
 * (service `session-desk`, account = profile id). keytar is loaded lazily: a machine without a
 * Secret Service can still use the environment variable.
 */
export function cliTokenProvider(env: NodeJS.ProcessEnv, profile: string): TokenProvider {
  return {
    async getToken() {
      if (env.OPENCX_API_TOKEN) return env.OPENCX_API_TOKEN;
      try {
        const keytar = await import('keytar');
        return await keytar.default.getPassword(KEYCHAIN_SERVICE, profile);
      } catch {
        return null;
      }
    },
  };
}
