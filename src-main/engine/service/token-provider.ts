/**
 * Where the engine gets the API token: injected, because the keychain, safeStorage and the
 * environment belong to the processes around the engine, not to the engine itself.
 */
export interface TokenProvider {
  getToken(): Promise<string | null>;
}

export function staticTokenProvider(token: string | null): TokenProvider {
  return { getToken: () => Promise.resolve(token) };
}
