import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResult } from '../../../src-shared/contract/app-error';
import type { AccountsState, AppStatus } from '../../../src-shared/contract/results';
import { startFakeOpencx, type FakeOpencx } from '../../../fake-opencx/server';
import { DoubleState } from '../../../test-support/electron-double/double-state';
import { SafeStorageDouble } from '../../../test-support/electron-double/safe-storage-double';
import { secretPort, type SecretPort } from '../../engine/secrets/secret-port';
import { createEngine, type Engine } from '../../engine/service/create-engine';
import { createSafeStorageSecretStore } from './safe-storage-secret-store';

// Issue 8, point 6: the desktop app's keys in a safeStorage-encrypted file (where no keychain
// answers). A damaged file used to fail every account with a raw SyntaxError, and entering the
// key again failed the same way.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(seed: number, token: string): Promise<FakeOpencx> {
  const server = await startFakeOpencx({ rateLimit: false, sessions: 10, seed, token });
  cleanups.push(() => server.close());
  return server;
}

function engineIn(dataDir: string, secrets: SecretPort): Engine {
  const engine = createEngine({ dataDir }, { secrets, emit: () => undefined });
  cleanups.push(() => engine.close());
  return engine;
}

async function call<T>(engine: Engine, channel: string, input: unknown = {}): Promise<T> {
  const result = (await engine.dispatch(channel, input)) as CallResult<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('a damaged secrets file in the desktop app', () => {
  it('is moved aside; the app names the accounts that need their key again and takes new keys', async () => {
    const acme = await fake(1, 'ocx_live_acme_key');
    const beta = await fake(2, 'ocx_live_beta_key');
    const dataDir = mkdtempSync(join(tmpdir(), 'damaged-secrets-'));
    const secretsFile = join(dataDir, 'secrets.json');
    const safeStorage = new SafeStorageDouble(new DoubleState());
    const port = () =>
      secretPort(() =>
        Promise.resolve(createSafeStorageSecretStore(safeStorage, secretsFile, 'no keychain')),
      );

    const first = engineIn(dataDir, port());
    for (const [name, server] of [
      ['Acme', acme],
      ['Beta', beta],
    ] as const) {
      await call(first, 'accounts.add', {
        name,
        base_url: server.url,
        token: server.token,
        scope_days: null,
      });
    }
    await call(first, 'sync.run');
    await first.close();
    // Cut short, as a crash or a full disk can leave it.
    writeFileSync(secretsFile, '{"version":1,"secrets":{"acme-1f2e":"djEwq');

    const engine = engineIn(dataDir, port());
    const state = await call<AccountsState>(engine, 'accounts.list');
    expect(state.accounts.map((a) => [a.name, a.has_token])).toEqual([
      ['Acme', false],
      ['Beta', false],
    ]);
    const movedTo = readdirSync(dataDir).find((name) => name.startsWith('secrets.json.corrupt-'));
    expect(movedTo).toBeDefined();
    expect(state.secret_storage.lost_keys).toContain(join(dataDir, movedTo!));
    const status = await call<AppStatus>(engine, 'app.status');
    expect(status.notice).toBe(
      `The file that kept your API keys was damaged, so it was moved aside (${join(dataDir, movedTo!)}) and a new one was started. Enter the API key again for Acme, Beta.`,
    );
    // The cache is still there to read while the keys are missing.
    expect(status.cached_sessions).toBe(10);

    const acmeId = state.accounts.find((a) => a.name === 'Acme')!.id;
    const after = await call<AccountsState>(engine, 'accounts.update', {
      id: acmeId,
      token: acme.token,
    });
    expect(after.accounts.map((a) => [a.name, a.has_token])).toEqual([
      ['Acme', true],
      ['Beta', false],
    ]);
    expect((await call<AppStatus>(engine, 'app.status')).notice).toMatch(
      /Enter the API key again for Beta\.$/,
    );
    const summary = await call<{ sessions_upserted: number }>(engine, 'sync.run', { full: true });
    expect(summary.sessions_upserted).toBe(10);
    expect(readdirSync(dataDir)).toContain('secrets.json');
  });
});
