import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpencx, type FakeOpencx } from '../../fake-opencx/server';
import { baseUrlProblem } from '../../src-shared/opencx/base-url';
import { KeyRefusedError, sealKey } from '../engine/secrets/bound-key';
import {
  createKeytarSecretStore,
  KEYTAR_SERVICE,
  loadKeytar,
  probeKeychain,
  type Keytar,
} from '../engine/secrets/keytar-secret-store';
import { createMemorySecretStore } from '../engine/secrets/memory-secret-store';
import { cliTokenProvider } from './keychain-token';
import { runCli } from './testing/run-cli';

// Where `session-desk sync` sends a key: only to a base URL the one base-URL rule accepts, and a
// key the desktop app stored (bound to its base URL) only to that URL.

describe('the CLI token from the keychain', () => {
  const stored = async (value: string) => {
    const store = createMemorySecretStore(null);
    await store.set('acme', value);
    return () => Promise.resolve(store);
  };

  it('opens a key the app stored bound to its base URL, for that URL', async () => {
    const secrets = await stored(sealKey('https://api.open.cx', 'ocx_live_key'));
    const provider = cliTokenProvider({}, 'acme', 'https://API.open.cx/', secrets);
    expect(await provider.getToken()).toBe('ocx_live_key');
  });

  it('refuses to send that key to another base URL, saying where it belongs', async () => {
    const secrets = await stored(sealKey('https://api.open.cx', 'ocx_live_key'));
    const provider = cliTokenProvider({}, 'acme', 'https://other.example', secrets);
    await expect(provider.getToken()).rejects.toThrow(KeyRefusedError);
    await expect(provider.getToken()).rejects.toThrow(/entered for https:\/\/api\.open\.cx/);
  });

  it('sends a bare key from before keys were bound where --base-url says, as before', async () => {
    const secrets = await stored('ocx_live_bare');
    const provider = cliTokenProvider({}, 'acme', 'https://anywhere.example', secrets);
    expect(await provider.getToken()).toBe('ocx_live_bare');
  });

  it('takes OPENCX_API_TOKEN first, and has no token when neither is there', async () => {
    const secrets = await stored(sealKey('https://api.open.cx', 'ocx_live_key'));
    const env = { OPENCX_API_TOKEN: 'from-env' };
    expect(await cliTokenProvider(env, 'acme', 'https://x.example', secrets).getToken()).toBe(
      'from-env',
    );
    const empty = () => Promise.resolve(createMemorySecretStore(null));
    expect(await cliTokenProvider({}, 'acme', 'https://x.example', empty).getToken()).toBeNull();
  });
});

describe.concurrent('session-desk sync --base-url', () => {
  for (const url of ['http://example.com', 'http://10.0.0.5:8080', 'https://user:pw@api.open.cx']) {
    it(`refuses ${url} with the base-URL rule's sentence, exit 2, writing nothing`, async () => {
      const folder = mkdtempSync(join(tmpdir(), 'cli-base-url-'));
      const result = await runCli(['sync', '--base-url', url, '--db', join(folder, 'c.db')], {
        OPENCX_API_TOKEN: 'ocx_live_whatever',
      });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`session-desk: --base-url: ${baseUrlProblem(url)}\n`);
      expect(readdirSync(folder)).toEqual([]);
    });
  }
});

// Against the real OS keychain, as the desktop app leaves it (scripts/with-keyring.sh).
let keytar: Keytar | null = null;
let unavailable: string | null;
try {
  keytar = await loadKeytar();
  unavailable = await probeKeychain(keytar, 5_000);
} catch (error) {
  unavailable = `keytar did not load: ${String(error)}`;
}

describe.skipIf(unavailable !== null)(
  `session-desk sync --profile with a key the app saved ${unavailable ? `(skipped: ${unavailable})` : ''}`,
  () => {
    const profile = `cli-${randomBytes(4).toString('hex')}`;
    let fake: FakeOpencx;
    beforeAll(async () => {
      fake = await startFakeOpencx({ seed: 5, sessions: 30, rateLimit: false });
      await createKeytarSecretStore(keytar!).set(profile, sealKey(fake.url, fake.token));
    });
    afterAll(async () => {
      await keytar?.deletePassword(KEYTAR_SERVICE, profile);
      await fake?.close();
    });
    const env = () => ({ DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '' });

    it('syncs with it', async () => {
      const db = join(mkdtempSync(join(tmpdir(), 'cli-profile-')), 'cache.db');
      const result = await runCli(
        ['sync', '--base-url', fake.url, '--db', db, '--profile', profile],
        env(),
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ mode: 'full', cancelled: false });
    });

    it('refuses to send it to another base URL, exit 2, writing nothing', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'cli-profile-other-'));
      const other = fake.url.replace('127.0.0.1', 'localhost');
      const result = await runCli(
        ['sync', '--base-url', other, '--db', join(folder, 'cache.db'), '--profile', profile],
        env(),
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(`^session-desk: --profile ${profile}: The stored API key was entered for `),
      );
      expect(readdirSync(folder)).toEqual([]);
    });
  },
);
