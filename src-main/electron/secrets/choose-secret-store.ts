import {
  createKeytarSecretStore,
  probeKeychain,
  type Keytar,
} from '../../engine/secrets/keytar-secret-store';
import { createMemorySecretStore } from '../../engine/secrets/memory-secret-store';
import {
  createSafeStorageSecretStore,
  safeStorageUnavailableReason,
  type SafeStorageApi,
} from './safe-storage-secret-store';
import type { SecretStore } from '../../engine/secrets/secret-store';

export interface SecretStoreChoiceOptions {
  loadKeytar: () => Promise<Keytar>;
  safeStorage: SafeStorageApi;
  platform: NodeJS.Platform;
  /** The safeStorage-encrypted file in userData. */
  encryptedFile: string;
  probeTimeoutMs?: number;
}

/**
 * The safest store this machine offers: the OS keychain; else a file encrypted with safeStorage;
 * else memory for this session only. The chosen store's caveat says why, in words for the UI.
 */
export async function chooseSecretStore(options: SecretStoreChoiceOptions): Promise<SecretStore> {
  let keychainReason: string;
  try {
    const keytar = await options.loadKeytar();
    const refused = await probeKeychain(keytar, options.probeTimeoutMs ?? 5_000);
    if (refused === null) return createKeytarSecretStore(keytar);
    keychainReason = refused;
  } catch (error) {
    keychainReason = `the keychain module could not load (${error instanceof Error ? error.message : String(error)})`;
  }
  const encryptionReason = safeStorageUnavailableReason(options.safeStorage, options.platform);
  if (encryptionReason === null) {
    return createSafeStorageSecretStore(
      options.safeStorage,
      options.encryptedFile,
      `Your API token is kept in a file encrypted for your user account, because ${keychainReason}.`,
    );
  }
  return createMemorySecretStore(
    `Your API token is kept only until Session Desk quits, because ${keychainReason} and ${encryptionReason}.`,
  );
}
