import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallResult } from '../../../src-shared/contract/app-error';
import type {
  AccountsState,
  SessionHistory,
  SessionsPage,
  SyncState,
} from '../../../src-shared/contract/results';
import { startFakeOpencx, type FakeOpencx } from '../../../fake-opencx/server';
import { createMemorySecretStore } from '../secrets/memory-secret-store';
import { secretPort } from '../secrets/secret-port';
import { readHolder } from '../store/writer-lock';
import { holdInChild } from '../store/testing/hold-writer-lock-in-child';
import { createEngine, type Engine } from './create-engine';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(options: Parameters<typeof startFakeOpencx>[0] = {}): Promise<FakeOpencx> {
  const server = await startFakeOpencx({ rateLimit: false, ...options });
  let closed = false;
  cleanups.push(() => (closed ? undefined : server.close()));
  const close = server.close.bind(server);
  server.close = () => ((closed = true), close());
  return server;
}

interface Harness {
  engine: Engine;
  events: [string, unknown][];
  /** POST /chat/sessions/filter requests made so far. */
  requests: () => number;
}

function engine(config: Partial<Parameters<typeof createEngine>[0]> = {}): Harness {
  return engineIn(mkdtempSync(join(tmpdir(), 'service-')), config);
}

function engineIn(
  dataDir: string,
  config: Partial<Parameters<typeof createEngine>[0]> = {},
): Harness {
  const events: [string, unknown][] = [];
  let requests = 0;
  const created = createEngine(
    { dataDir, ...config },
    {
      secrets: secretPort(() => Promise.resolve(createMemorySecretStore(null)), 'env-token'),
      emit: (name, payload) => events.push([name, payload]),
      fetch: (input, init) => {
        // Sync requests only: the reachability probe while offline is expected.
        if (new Request(input, init).url.endsWith('/chat/sessions/filter')) requests += 1;
        return fetch(input, init);
      },
    },
  );
  cleanups.push(() => created.close());
  return { engine: created, events, requests: () => requests };
}

async function call<T>(h: Harness, channel: string, input: unknown = {}): Promise<T> {
  const result = (await h.engine.dispatch(channel, input)) as CallResult<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('accounts', () => {
  it('switching accounts swaps the cache: each account sees only its own sessions', async () => {
    const a = await fake({ seed: 1, sessions: 40, token: 'ocx_live_a_token' });
    const b = await fake({ seed: 2, sessions: 70, token: 'ocx_live_b_token' });
    const h = engine();
    const first = await call<AccountsState>(h, 'accounts.add', {
      name: 'A',
      base_url: a.url,
      token: a.token,
      scope_days: null,
    });
    await call(h, 'sync.run');
    const second = await call<AccountsState>(h, 'accounts.add', {
      name: 'B',
      base_url: b.url,
      token: b.token,
      scope_days: null,
    });
    expect(second.active_id).toBe(first.active_id);
    const idB = second.accounts.find((account) => account.name === 'B')!.id;
    await call(h, 'accounts.switch', { id: idB });
    expect((await call<SessionsPage>(h, 'sessions.list')).total).toBe(0);
    await call(h, 'sync.run');
    expect((await call<SessionsPage>(h, 'sessions.list')).total).toBe(70);
    await call(h, 'accounts.switch', { id: first.active_id });
    expect((await call<SessionsPage>(h, 'sessions.list')).total).toBe(40);
  });

  it('takes account changes one at a time: two switches at once leave the last one open', async () => {
    const servers = await Promise.all(
      [1, 2, 3].map((seed) => fake({ seed, sessions: 10 * seed, token: `ocx_live_${seed}_token` })),
    );
    const h = engine();
    for (const [index, server] of servers.entries()) {
      await call(h, 'accounts.add', {
        name: `Org ${index + 1}`,
        base_url: server.url,
        token: server.token,
        scope_days: null,
      });
    }
    const ids = (await call<AccountsState>(h, 'accounts.list')).accounts.map((a) => a.id);
    await Promise.all([
      call(h, 'accounts.switch', { id: ids[1] }),
      call(h, 'accounts.switch', { id: ids[2] }),
    ]);
    const status = await call<{ account: { id: string } }>(h, 'app.status');
    expect(status.account.id).toBe(ids[2]);
    await call(h, 'sync.run');
    expect((await call<SessionsPage>(h, 'sessions.list')).total).toBe(30);
  });

  it('refuses a base URL that does not answer as OpenCX does', async () => {
    const a = await fake({ seed: 3, sessions: 5 });
    const h = engine();
    const result = await h.engine.dispatch('accounts.add', {
      name: 'A',
      base_url: `${a.url}/not-the-api`,
      token: a.token,
      scope_days: null,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('Check the base URL') },
    });
  });

  it('refuses a key OpenCX rejects, and saves nothing', async () => {
    const a = await fake({ seed: 3, sessions: 5 });
    const h = engine();
    const result = await h.engine.dispatch('accounts.add', {
      name: 'A',
      base_url: a.url,
      token: 'ocx_live_wrong',
      scope_days: null,
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'auth_rejected', message: 'OpenCX rejected the API key.' },
    });
    expect((await call<AccountsState>(h, 'accounts.list')).accounts).toEqual([]);
  });

  it('without an account, lists nothing and says how to start when asked to sync', async () => {
    const h = engine();
    expect((await call<SessionsPage>(h, 'sessions.list')).total).toBe(0);
    expect(await h.engine.dispatch('sync.run', {})).toMatchObject({
      ok: false,
      error: { code: 'no_token', message: expect.stringContaining('Add an OpenCX account') },
    });
  });
});

describe('after a sync', () => {
  it('backfills sessions older than the account’s scope in the background', async () => {
    const a = await fake({ seed: 7, sessions: 150, token: 'ocx_live_a_token' });
    // Background work spends only spare budget; a generous limit lets it finish in the test.
    const h = engine({ requestsPerMinute: 20_000 });
    await call(h, 'accounts.add', { name: 'A', base_url: a.url, token: a.token, scope_days: 30 });
    await call(h, 'sync.run');
    const scoped = (await call<SessionsPage>(h, 'sessions.list')).total;
    expect(scoped).toBeLessThan(150);
    await vi.waitFor(
      async () => expect((await call<SessionsPage>(h, 'sessions.list')).total).toBe(150),
      { timeout: 15_000 },
    );
    // Then transcripts of recent sessions are prefetched, and the background work ends.
    await vi.waitFor(
      async () =>
        expect(await call<SyncState>(h, 'sync.status')).toMatchObject({ background: false }),
      { timeout: 20_000 },
    );
  });

  it('serves a transcript fetched once, and offline the cached copy', async () => {
    const a = await fake({ seed: 8, sessions: 20, token: 'ocx_live_a_token' });
    const h = engine();
    await call(h, 'accounts.add', { name: 'A', base_url: a.url, token: a.token, scope_days: null });
    await call(h, 'sync.run');
    const id = a.truth().sessions[0]!.session.id;
    const online = await call<SessionHistory>(h, 'sessions.history', { id });
    expect(online.events.length).toBeGreaterThan(0);
    expect(online.stale).toBe(false);
    await a.close();
    const offline = await call<SessionHistory>(h, 'sessions.history', { id });
    expect(offline.events).toEqual(online.events);
  });

  it('says at once that a transcript never downloaded cannot be fetched while OpenCX is unreachable', async () => {
    const a = await fake({ seed: 9, sessions: 60, token: 'ocx_live_a_token' });
    const h = engine();
    await call(h, 'accounts.add', { name: 'A', base_url: a.url, token: a.token, scope_days: null });
    await call(h, 'sync.run');
    // Older than the background prefetch reaches (30 days): its transcript was never fetched.
    const old = a
      .truth()
      .sessions.find(
        (entry) => Date.parse(entry.session.updated_at) < Date.now() - 40 * 86_400_000,
      );
    await a.close();
    const started = Date.now();
    const result = await h.engine.dispatch('sessions.history', { id: old!.session.id });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result).toMatchObject({ ok: false, error: { code: 'offline' } });
  });
});

describe('a damaged cache', () => {
  it('is moved aside and rebuilt, the user is told, and the accounts survive', async () => {
    const a = await fake({ seed: 6, sessions: 30, token: 'ocx_live_a_token' });
    const dataDir = mkdtempSync(join(tmpdir(), 'service-'));
    const first = engineIn(dataDir);
    const added = await call<AccountsState>(first, 'accounts.add', {
      name: 'A',
      base_url: a.url,
      token: a.token,
      scope_days: null,
    });
    await call(first, 'sync.run');
    await first.engine.close();
    const cache = join(dataDir, 'accounts', added.active_id!, 'cache.db');
    writeFileSync(cache, randomBytes(64 * 1024));
    rmSync(`${cache}-wal`, { force: true });

    const second = engineIn(dataDir);
    const status = await call<{ notice: string | null; cached_sessions: number }>(
      second,
      'app.status',
    );
    expect(status.notice).toMatch(/damaged.*moved aside.*rebuilt/);
    expect(status.cached_sessions).toBe(0);
    expect((await call<AccountsState>(second, 'accounts.list')).accounts).toHaveLength(1);
    expect(readdirSync(dirname(cache)).some((name) => name.startsWith('cache.db.corrupt-'))).toBe(
      true,
    );
  });
});

describe('a cache damaged where opening does not look', () => {
  it('opens and answers at once; the check after opening finds the damage, moves the file aside and tells the user', async () => {
    const a = await fake({ seed: 7, sessions: 40, token: 'ocx_live_a_token' });
    const dataDir = mkdtempSync(join(tmpdir(), 'service-'));
    const first = engineIn(dataDir);
    const added = await call<AccountsState>(first, 'accounts.add', {
      name: 'A',
      base_url: a.url,
      token: a.token,
      scope_days: null,
    });
    await call(first, 'sync.run');
    await first.engine.close();
    const cache = join(dataDir, 'accounts', added.active_id!, 'cache.db');
    // One index page garbage: the header and schema are sound, so opening does not notice.
    const db = new Database(cache);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const rootPage = db
      .prepare<[], number>("SELECT rootpage FROM sqlite_schema WHERE name = 'sessions_by_ticket'")
      .pluck()
      .get()!;
    db.close();
    const fd = openSync(cache, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootPage - 1) * pageSize);
    closeSync(fd);

    const second = engineIn(dataDir);
    // The first answer does not wait for the check.
    expect((await call<SessionsPage>(second, 'sessions.list')).total).toBe(40);
    expect((await call<{ notice: string | null }>(second, 'app.status')).notice).toBeNull();
    const version = (await call<SyncState>(second, 'sync.status')).cache_version;

    // Asked every 1.2 s: the check starts once the engine has had a second without calls.
    await vi.waitFor(
      async () => {
        const status = await call<{ notice: string | null }>(second, 'app.status');
        expect(status.notice).toMatch(
          /^The cache of A was damaged, so it was moved aside \(.*cache\.db\.corrupt-.*\) and is being rebuilt from OpenCX\./,
        );
      },
      { timeout: 20_000, interval: 1_200 },
    );
    expect(readdirSync(dirname(cache)).some((name) => name.startsWith('cache.db.corrupt-'))).toBe(
      true,
    );
    // A fresh cache in its place, and the page told to reload.
    expect((await call<SessionsPage>(second, 'sessions.list')).total).toBe(0);
    expect((await call<SyncState>(second, 'sync.status')).cache_version).toBeGreaterThan(version);
    expect((await call<AccountsState>(second, 'accounts.list')).accounts).toHaveLength(1);
  });
});

/** Another program (as a CLI sync would) holding the writer lock of `cachePath` until released. */
async function holdWriterLock(cachePath: string) {
  const { child, exited } = await holdInChild(cachePath, 0);
  const release = async () => {
    child.kill();
    await exited;
  };
  cleanups.push(release);
  return { release };
}

describe('a cache another program is writing', () => {
  it('starts anyway, says so, and opens the cache once the other program lets go', async () => {
    const a = await fake({ seed: 9, sessions: 25, token: 'ocx_live_a_token' });
    const dataDir = mkdtempSync(join(tmpdir(), 'service-'));
    const first = engineIn(dataDir);
    const added = await call<AccountsState>(first, 'accounts.add', {
      name: 'Acme',
      base_url: a.url,
      token: a.token,
      scope_days: null,
    });
    await call(first, 'sync.run');
    await first.engine.close();
    const cache = join(dataDir, 'accounts', added.active_id!, 'cache.db');
    const other = await holdWriterLock(cache);

    const second = engineIn(dataDir, { cacheBusyRetryMs: 100 });
    const status = await call<{ notice: string | null; account: { name: string } | null }>(
      second,
      'app.status',
    );
    expect(status.account?.name).toBe('Acme');
    expect(status.notice).toMatch(
      /^The sessions of Acme are not shown yet\. The cache at .* is in use by the lock test helper .*Session Desk opens the cache by itself as soon as it is free\.$/,
    );
    expect((await call<SessionsPage>(second, 'sessions.list')).total).toBe(0);
    expect((await call<SyncState>(second, 'sync.status')).last_error).toMatchObject({
      code: 'busy',
    });
    expect(await second.engine.dispatch('sync.run', {})).toMatchObject({
      ok: false,
      error: { code: 'busy', message: expect.stringContaining('in use by the lock test helper') },
    });
    const versionWhileWaiting = (await call<SyncState>(second, 'sync.status')).cache_version;

    await other.release();
    await vi.waitFor(
      async () => expect((await call<SessionsPage>(second, 'sessions.list')).total).toBe(25),
      { timeout: 5_000 },
    );
    const after = await call<{ notice: string | null }>(second, 'app.status');
    expect(after.notice).toBeNull();
    const state = await call<SyncState>(second, 'sync.status');
    expect(state.last_error).toBeNull();
    // The page reloads its lists when the cache version moves.
    expect(state.cache_version).toBeGreaterThan(versionWhileWaiting);
    // Now the app holds the cache, and says who it is to the next program that wants it.
    expect(readHolder(cache)?.program).toBe('Session Desk app');
  });
});

describe('connectivity', () => {
  it('offline, the periodic sync makes no requests; back online, a delta runs by itself', async () => {
    const server = await fake({ seed: 4, sessions: 60, token: 'env-token' });
    const port = Number(new URL(server.url).port);
    const h = engine({
      environmentAccount: { base_url: server.url },
      autoSyncMinutes: 0.05,
    });
    await vi.waitFor(async () =>
      expect((await call<SyncState>(h, 'sync.status')).last_synced_at).not.toBeNull(),
    );
    await server.close();
    await h.engine.dispatch('sync.run', {});
    const status = await call<{ connectivity: { online: boolean } }>(h, 'app.status');
    expect(status.connectivity.online).toBe(false);

    const whileOffline = h.requests();
    await new Promise((resolve) => setTimeout(resolve, 3_500)); // past one auto-sync period
    expect(h.requests()).toBe(whileOffline);

    const back = await fake({ seed: 4, sessions: 60, token: 'env-token', port });
    back.tick(5, { deleteShare: 0 });
    const before = (await call<SyncState>(h, 'sync.status')).last_synced_at;
    await call(h, 'connectivity.hint', { online: true });
    await vi.waitFor(
      async () => {
        const state = await call<SyncState>(h, 'sync.status');
        expect(state.last_synced_at).not.toBe(before);
        expect(state.running).toBe(false);
      },
      { timeout: 10_000 },
    );
    expect(
      h.events.some(
        ([name, payload]) => name === 'connectivity' && (payload as { online: boolean }).online,
      ),
    ).toBe(true);
  }, 30_000);
});
