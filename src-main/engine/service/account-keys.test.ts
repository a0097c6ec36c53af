import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResult } from '../../../src-shared/contract/app-error';
import type { AccountsState } from '../../../src-shared/contract/results';
import { startFakeOpencx, type FakeOpencx } from '../../../fake-opencx/server';
import { createMemorySecretStore } from '../secrets/memory-secret-store';
import { secretPort, type SecretPort } from '../secrets/secret-port';
import { openUserStore } from '../store/user-store';
import { createEngine, type Engine } from './create-engine';

// Issue 8, point 3: a stored API key is only ever sent to the base URL it was entered with, and
// plain http only to this computer. Against real HTTP servers: the fake OpenCX, and a recorder
// that keeps every Authorization header it receives.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(options: Parameters<typeof startFakeOpencx>[0]): Promise<FakeOpencx> {
  const server = await startFakeOpencx({ rateLimit: false, sessions: 20, ...options });
  cleanups.push(() => server.close());
  return server;
}

interface Recorder {
  url: string;
  /** The Authorization header of every request received, in order (null when absent). */
  authorizations: (string | null)[];
}

/** A server that answers 401 to everything and remembers what credentials it was sent. */
async function recorder(): Promise<Recorder> {
  const authorizations: (string | null)[] = [];
  const server: Server = createServer((request, response) => {
    authorizations.push(request.headers.authorization ?? null);
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: 'Unauthorized' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authorizations };
}

interface Harness {
  engine: Engine;
  /** Every request the engine made: where to, with which Authorization header. */
  sent: { url: string; authorization: string | null }[];
}

function engineIn(dataDir: string, secrets: SecretPort): Harness {
  const sent: Harness['sent'] = [];
  const engine = createEngine(
    { dataDir },
    {
      secrets,
      emit: () => undefined,
      fetch: (input, init) => {
        const request = new Request(input, init);
        sent.push({ url: request.url, authorization: request.headers.get('authorization') });
        // Only this computer is reachable from a test: anything else is "offline" at once.
        if (!['127.0.0.1', 'localhost'].includes(new URL(request.url).hostname)) {
          return Promise.reject(new TypeError('fetch failed'));
        }
        return fetch(input, init);
      },
    },
  );
  cleanups.push(() => engine.close());
  return { engine, sent };
}

function memorySecrets(): SecretPort {
  return secretPort(() => Promise.resolve(createMemorySecretStore(null)));
}

async function call<T>(h: Harness, channel: string, input: unknown = {}): Promise<T> {
  const result = (await h.engine.dispatch(channel, input)) as CallResult<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function addAccount(h: Harness, server: FakeOpencx, name = 'Acme'): Promise<string> {
  const state = await call<AccountsState>(h, 'accounts.add', {
    name,
    base_url: server.url,
    token: server.token,
    scope_days: null,
  });
  const id = state.accounts.find((account) => account.name === name)!.id;
  // The first account syncs at once; let that finish so it cannot mix into what follows.
  await call(h, 'sync.run');
  return id;
}

describe('the API key goes only where the user entered it', () => {
  it('accounts.update with only a new base URL is refused, and the stored key never reaches the new server', async () => {
    const opencx = await fake({ seed: 1, token: 'ocx_live_acme_key' });
    const elsewhere = await recorder();
    const h = engineIn(mkdtempSync(join(tmpdir(), 'keys-')), memorySecrets());
    const id = await addAccount(h, opencx);

    const result = await h.engine.dispatch('accounts.update', { id, base_url: elsewhere.url });

    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringContaining(
          `only ever sent to ${opencx.url}, the address it was entered for`,
        ),
      },
    });
    expect(elsewhere.authorizations).toEqual([]);
    const state = await call<AccountsState>(h, 'accounts.list');
    expect(state.accounts[0]).toMatchObject({ base_url: opencx.url, has_token: true });
    // Syncing afterwards still talks to the URL the key was entered for, and only to it.
    await call(h, 'sync.run');
    expect(elsewhere.authorizations).toEqual([]);
    expect(h.sent.every((request) => request.url.startsWith(`${opencx.url}/`))).toBe(true);
  });

  it('a new base URL with the key entered again: only the new key is sent, only to the new server', async () => {
    const before = await fake({ seed: 1, token: 'ocx_live_old_key' });
    const after = await fake({ seed: 2, sessions: 30, token: 'ocx_live_new_key' });
    const h = engineIn(mkdtempSync(join(tmpdir(), 'keys-')), memorySecrets());
    const id = await addAccount(h, before);
    const mark = h.sent.length;

    await call(h, 'accounts.update', { id, base_url: after.url, token: after.token });
    await call(h, 'sync.run');

    // (A transcript prefetch of the old account may still be on its way to the old server.)
    const toNew = h.sent.slice(mark).filter((request) => request.url.startsWith(`${after.url}/`));
    expect(toNew.length).toBeGreaterThan(1);
    expect(new Set(toNew.map((request) => request.authorization))).toEqual(
      new Set(['Bearer ocx_live_new_key']),
    );
    const oldKeyWent = h.sent.filter((r) => r.authorization === 'Bearer ocx_live_old_key');
    expect(oldKeyWent.every((request) => request.url.startsWith(`${before.url}/`))).toBe(true);
  });

  it('an account whose URL was changed behind the engine’s back never sends its key there', async () => {
    const opencx = await fake({ seed: 1, token: 'ocx_live_acme_key' });
    const elsewhere = await recorder();
    const dataDir = mkdtempSync(join(tmpdir(), 'keys-'));
    const secrets = memorySecrets();
    const first = engineIn(dataDir, secrets);
    const id = await addAccount(first, opencx);
    await first.engine.close();
    // The account record says another URL now (a tampered or restored user database).
    const { store } = openUserStore(join(dataDir, 'user.db'));
    store.saveAccount({ ...store.listAccounts()[0]!, base_url: elsewhere.url });
    store.close();

    const h = engineIn(dataDir, secrets);
    const sync = await h.engine.dispatch('sync.run', {});

    expect(sync).toMatchObject({
      ok: false,
      error: {
        code: 'no_token',
        message: expect.stringContaining(`was entered for ${opencx.url}, so it is not sent`),
      },
    });
    expect(elsewhere.authorizations).toEqual([]);
    expect(h.sent).toEqual([]);
    expect((await call<AccountsState>(h, 'accounts.list')).accounts).toMatchObject([
      { id, has_token: false },
    ]);
  });

  it('refuses plain http to another computer for accounts.add and accounts.update, before any request', async () => {
    const opencx = await fake({ seed: 1, token: 'ocx_live_acme_key' });
    const h = engineIn(mkdtempSync(join(tmpdir(), 'keys-')), memorySecrets());

    const added = await h.engine.dispatch('accounts.add', {
      name: 'Intranet',
      base_url: 'http://opencx.intranet.example',
      token: 'ocx_live_intranet',
      scope_days: null,
    });
    expect(added).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringContaining(
          'must use https:// for opencx.intranet.example: over plain http:// the API key could be read on the way',
        ),
      },
    });
    expect(h.sent).toEqual([]);
    expect((await call<AccountsState>(h, 'accounts.list')).accounts).toEqual([]);

    const id = await addAccount(h, opencx);
    const mark = h.sent.length;
    const updated = await h.engine.dispatch('accounts.update', {
      id,
      base_url: 'http://10.20.30.40:8080',
      token: 'ocx_live_acme_key',
    });
    expect(updated).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('must use https://') },
    });
    expect(h.sent.slice(mark)).toEqual([]);
  });
});
