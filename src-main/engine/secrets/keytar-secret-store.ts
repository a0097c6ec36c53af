import type * as KeytarModule from 'keytar';
import { checkAccountId, checkSecret, type SecretStore } from './secret-store';

export const KEYTAR_SERVICE = 'session-desk';

export type Keytar = Pick<typeof KeytarModule, 'getPassword' | 'setPassword' | 'deletePassword'>;

/** keytar is a native module: loaded on demand, so a build for the wrong ABI is a reason, not a crash. */
export async function loadKeytar(): Promise<Keytar> {
  const loaded = (await import('keytar')) as Keytar & { default?: Keytar };
  return loaded.default ?? loaded;
}

/** Tokens in the OS keychain (Keychain, Credential Vault, Secret Service): service session-desk, account = profile id. */
export function createKeytarSecretStore(keytar: Keytar, service = KEYTAR_SERVICE): SecretStore {
  return {
    kind: 'keychain',
    caveat: null,
    get: async (accountId) => keytar.getPassword(service, checkAccountId(accountId)),
    set: async (accountId, secret) =>
      keytar.setPassword(service, checkAccountId(accountId), checkSecret(secret)),
    delete: async (accountId) => keytar.deletePassword(service, checkAccountId(accountId)),
  };
}

/**
 * Asks the keychain something harmless. On Linux without a Secret Service the call fails, and
 * with a locked or absent keyring it can hang on a prompt, hence the time limit.
 * Returns null when the keychain answered, else the reason in a sentence.
 */
export async function probeKeychain(
  keytar: Keytar,
  timeoutMs: number,
  service = KEYTAR_SERVICE,
): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve(`the OS keychain did not answer within ${timeoutMs / 1000} s`),
      timeoutMs,
    );
  });
  const answer = keytar.getPassword(service, 'probe').then(
    () => null,
    (error: unknown) =>
      `the OS keychain refused: ${error instanceof Error ? error.message : String(error)}`,
  );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
