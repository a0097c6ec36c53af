import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DoubleState } from '../../../test-support/electron-double/double-state';
import { SafeStorageDouble } from '../../../test-support/electron-double/safe-storage-double';
import {
  createSafeStorageSecretStore,
  safeStorageUnavailableReason,
} from './safe-storage-secret-store';

async function tempFile(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'safe-storage-'));
  return { dir, file: join(dir, 'secrets.json') };
}

describe('the safeStorage-encrypted secret store', () => {
  it('keeps tokens per account in one file, never in the clear', async () => {
    const { dir, file } = await tempFile();
    const store = createSafeStorageSecretStore(
      new SafeStorageDouble(new DoubleState()),
      file,
      'because',
    );
    expect(store).toMatchObject({ kind: 'encrypted-file', caveat: 'because' });
    await Promise.all([store.set('work', 'token-for-work'), store.set('home', 'token-for-home')]);
    expect(await store.get('work')).toBe('token-for-work');
    expect(await store.get('home')).toBe('token-for-home');
    expect(await store.get('other')).toBeNull();
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain('token-for');
    expect(await readdir(dir)).toEqual(['secrets.json']);
  });

  it('deletes one account’s token and leaves the others', async () => {
    const { file } = await tempFile();
    const store = createSafeStorageSecretStore(
      new SafeStorageDouble(new DoubleState()),
      file,
      null,
    );
    await store.set('work', 'a');
    await store.set('home', 'b');
    expect(await store.delete('work')).toBe(true);
    expect(await store.delete('work')).toBe(false);
    expect(await store.get('work')).toBeNull();
    expect(await store.get('home')).toBe('b');
  });
});

describe('safeStorageUnavailableReason', () => {
  it('accepts a real keyring backend and refuses basic_text or no encryption at all', () => {
    const state = new DoubleState();
    const safeStorage = new SafeStorageDouble(state);
    expect(safeStorageUnavailableReason(safeStorage, 'linux')).toBeNull();
    state.safeStorage.backend = 'basic_text';
    expect(safeStorageUnavailableReason(safeStorage, 'linux')).toMatch(/no keyring.*basic_text/);
    expect(safeStorageUnavailableReason(safeStorage, 'darwin')).toBeNull();
    state.safeStorage.available = false;
    expect(safeStorageUnavailableReason(safeStorage, 'darwin')).toMatch(/no encryption/);
  });
});
