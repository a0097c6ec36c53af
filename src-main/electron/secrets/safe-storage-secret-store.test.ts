import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
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

describe('a damaged secrets file', () => {
  const damaged = {
    'garbage bytes': Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0a, 0x7b]),
    'JSON cut short': '{"version":1,"secrets":{"work":"djEwAAAA',
    'JSON that is not a secrets file': '{"version":7,"tokens":[]}',
    'an empty file': '',
  };

  for (const [what, contents] of Object.entries(damaged)) {
    it(`(${what}) is moved aside as <name>.corrupt-<timestamp>, reported, and new keys are accepted`, async () => {
      const { dir, file } = await tempFile();
      const store = createSafeStorageSecretStore(
        new SafeStorageDouble(new DoubleState()),
        file,
        null,
      );
      await store.set('work', 'token-for-work');
      await writeFile(file, contents);

      // Reads answer "no key" instead of throwing, so every account stays usable.
      expect(await store.get('work')).toBeNull();
      const files = await readdir(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^secrets\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/);
      expect(await readFile(join(dir, files[0]!))).toEqual(Buffer.from(contents));
      expect(await store.lostTokens?.()).toBe(
        `The file that kept your API keys was damaged, so it was moved aside (${join(dir, files[0]!)}) and a new one was started.`,
      );

      await store.set('work', 'token-entered-again');
      expect(await store.get('work')).toBe('token-entered-again');
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });
      expect((await readdir(dir)).sort()).toEqual(['secrets.json', files[0]].sort());
    });
  }

  it('found by two stores at once, is moved aside once and reported by both', async () => {
    const { dir, file } = await tempFile();
    const safeStorage = new SafeStorageDouble(new DoubleState());
    const one = createSafeStorageSecretStore(safeStorage, file, null);
    const other = createSafeStorageSecretStore(safeStorage, file, null);
    await one.set('work', 'a');
    await writeFile(file, '{"version":1,');
    expect(await Promise.all([one.get('work'), other.get('work')])).toEqual([null, null]);
    const moved = (await readdir(dir)).filter((name) => name.includes('.corrupt-'));
    expect(moved).toHaveLength(1);
    for (const store of [one, other]) {
      expect(await store.lostTokens?.()).toContain(join(dir, moved[0]!));
    }
    await other.set('work', 'b');
    expect(await one.get('work')).toBe('b');
  });

  it('reports nothing when the file is whole', async () => {
    const { file } = await tempFile();
    const store = createSafeStorageSecretStore(
      new SafeStorageDouble(new DoubleState()),
      file,
      null,
    );
    expect(await store.lostTokens?.()).toBeNull();
    await store.set('work', 'a');
    expect(await store.lostTokens?.()).toBeNull();
  });

  it('a key that no longer decrypts reads as missing, is reported, and can be entered again', async () => {
    const { file } = await tempFile();
    const state = new DoubleState();
    await createSafeStorageSecretStore(new SafeStorageDouble(state), file, null).set('work', 'a');
    // Another encryption key (the system's keyring was reset): the old ciphertext is noise now.
    const store = createSafeStorageSecretStore(new SafeStorageDouble(state), file, null);
    expect(await store.get('work')).toBeNull();
    expect(await store.lostTokens?.()).toMatch(/A stored API key could not be decrypted/);
    await store.set('work', 'b');
    expect(await store.get('work')).toBe('b');
    expect(await store.lostTokens?.()).toBeNull();
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
