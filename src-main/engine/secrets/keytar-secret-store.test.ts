import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createKeytarSecretStore,
  KEYTAR_SERVICE,
  loadKeytar,
  probeKeychain,
  type Keytar,
} from './keytar-secret-store';

// Against the real OS keychain: `npm run test:unit` runs inside a private D-Bus session with an
// unlocked gnome-keyring (scripts/with-keyring.sh). Without a Secret Service the suite is skipped
// and says why.

const account = `test-${randomBytes(4).toString('hex')}`;
let keytar: Keytar | null = null;
let unavailable: string | null;
try {
  keytar = await loadKeytar();
  unavailable = await probeKeychain(keytar, 5_000);
} catch (error) {
  unavailable = `keytar did not load: ${String(error)}`;
}
const skipReason = unavailable
  ? `no Secret Service answered (${unavailable}); run through scripts/with-keyring.sh`
  : '';

describe.skipIf(unavailable !== null)(`the keychain secret store ${skipReason}`, () => {
  afterAll(async () => {
    await keytar?.deletePassword(KEYTAR_SERVICE, account);
  });

  it('sets, gets and deletes a token for an account in the real keychain', async () => {
    const store = createKeytarSecretStore(keytar!);
    expect(store).toMatchObject({ kind: 'keychain', caveat: null });
    expect(await store.get(account)).toBeNull();
    await store.set(account, 'opencx-token-1');
    expect(await store.get(account)).toBe('opencx-token-1');
    // Under service session-desk with the profile id as account name, where other tools find it.
    expect(await keytar!.getPassword(KEYTAR_SERVICE, account)).toBe('opencx-token-1');
    await store.set(account, 'opencx-token-2');
    expect(await store.get(account)).toBe('opencx-token-2');
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });

  it('refuses an account id that is not a profile id before touching the keychain', async () => {
    const store = createKeytarSecretStore(keytar!);
    await expect(store.set('Not A Profile', 'x')).rejects.toThrow(/accountId/);
    await expect(store.set(account, '')).rejects.toThrow(/secret/);
  });
});
