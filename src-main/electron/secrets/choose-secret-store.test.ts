import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DoubleState } from '../../../test-support/electron-double/double-state';
import { SafeStorageDouble } from '../../../test-support/electron-double/safe-storage-double';
import { chooseSecretStore } from './choose-secret-store';
import type { Keytar } from '../../engine/secrets/keytar-secret-store';

const answeringKeytar: Keytar = {
  getPassword: () => Promise.resolve(null),
  setPassword: () => Promise.resolve(),
  deletePassword: () => Promise.resolve(false),
};
const refusingKeytar: Keytar = {
  ...answeringKeytar,
  getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
};

async function choose(keytar: () => Promise<Keytar>, state = new DoubleState()) {
  const dir = await mkdtemp(join(tmpdir(), 'choose-secret-store-'));
  return chooseSecretStore({
    loadKeytar: keytar,
    safeStorage: new SafeStorageDouble(state),
    platform: 'linux',
    encryptedFile: join(dir, 'secrets.json'),
  });
}

describe('chooseSecretStore', () => {
  it('uses the OS keychain when it answers', async () => {
    expect(await choose(() => Promise.resolve(answeringKeytar))).toMatchObject({
      kind: 'keychain',
      caveat: null,
    });
  });

  it('falls back to a safeStorage-encrypted file when no Secret Service answers, and says why', async () => {
    const store = await choose(() => Promise.resolve(refusingKeytar));
    expect(store.kind).toBe('encrypted-file');
    expect(store.caveat).toMatch(/encrypted.*D-Bus/);
  });

  it('falls back to the encrypted file when keytar cannot even load', async () => {
    const store = await choose(() =>
      Promise.reject(new Error('was compiled against a different Node.js version')),
    );
    expect(store.kind).toBe('encrypted-file');
    expect(store.caveat).toMatch(/could not load.*different Node\.js/);
  });

  it('keeps the token in memory for the session when Linux has no keyring (basic_text), and says why', async () => {
    const state = new DoubleState();
    state.safeStorage.backend = 'basic_text';
    const store = await choose(() => Promise.resolve(refusingKeytar), state);
    expect(store.kind).toBe('memory');
    expect(store.caveat).toMatch(/only until Session Desk quits.*D-Bus.*basic_text/);
    await store.set('default', 'token');
    expect(await store.get('default')).toBe('token');
  });
});
