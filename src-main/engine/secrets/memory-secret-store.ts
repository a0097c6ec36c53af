import { checkAccountId, checkSecret, type SecretStore } from './secret-store';

/** Tokens for this session only: the last resort when nothing can keep them safely on disk. */
export function createMemorySecretStore(caveat: string | null): SecretStore {
  const secrets = new Map<string, string>();
  return {
    kind: 'memory',
    caveat,
    get: async (accountId) => secrets.get(checkAccountId(accountId)) ?? null,
    set: async (accountId, secret) => {
      secrets.set(checkAccountId(accountId), checkSecret(secret));
    },
    delete: async (accountId) => secrets.delete(checkAccountId(accountId)),
  };
}
