import { createKeytarSecretStore, loadKeytar, probeKeychain } from './keytar-secret-store';
import { createMemorySecretStore } from './memory-secret-store';
import type { SecretStore } from './secret-store';

/**
 * For the plain-Node hosts (web host, CLI): the OS keychain through keytar, else memory for this
 * run only. (The desktop app adds a safeStorage-encrypted file between the two.)
 */
export async function chooseNodeSecretStore(probeTimeoutMs = 5_000): Promise<SecretStore> {
  let reason: string;
  try {
    const keytar = await loadKeytar();
    const refused = await probeKeychain(keytar, probeTimeoutMs);
    if (refused === null) return createKeytarSecretStore(keytar);
    reason = refused;
  } catch (error) {
    reason = `the keychain module could not load (${error instanceof Error ? error.message : String(error)})`;
  }
  return createMemorySecretStore(
    `Your API token is kept only until Session Desk stops, because ${reason}.`,
  );
}
