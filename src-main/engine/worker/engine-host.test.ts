import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../secrets/memory-secret-store';
import { secretPort } from '../secrets/secret-port';
import { startFakeOpencx } from '../../../fake-opencx/server';
import { EngineHost } from './engine-host';

const workerPath = join(import.meta.dirname, 'engine-worker-from-source.mjs');
const hosts: EngineHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

function host(options: Partial<ConstructorParameters<typeof EngineHost>[0]> = {}) {
  const created = new EngineHost({
    config: {
      dataDir: mkdtempSync(join(tmpdir(), 'engine-host-')),
      environmentAccount: { base_url: 'http://127.0.0.1:9' },
    },
    secrets: secretPort(() => Promise.resolve(createMemorySecretStore(null)), 'ocx_test'),
    workerPath,
    onEvent: () => undefined,
    ...options,
  });
  hosts.push(created);
  return created;
}

describe('the engine host', () => {
  it('makes the engine’s HTTP requests through the host’s fetch when given one', async () => {
    const fake = await startFakeOpencx({ seed: 9, sessions: 30, rateLimit: false });
    try {
      const seen: string[] = [];
      const engine = host({
        config: {
          dataDir: mkdtempSync(join(tmpdir(), 'engine-host-')),
          environmentAccount: { base_url: fake.url },
        },
        secrets: secretPort(() => Promise.resolve(createMemorySecretStore(null)), fake.token),
        fetch: (input, init) => {
          seen.push(new Request(input, init).url);
          return fetch(input, init);
        },
      });
      expect(await engine.dispatch('sync.run', {})).toMatchObject({ ok: true });
      expect(await engine.dispatch('sessions.list', {})).toMatchObject({
        ok: true,
        value: { total: 30 },
      });
      expect(seen.some((url) => url.endsWith('/chat/sessions/filter'))).toBe(true);
    } finally {
      await fake.close();
    }
  });

  it('answers contract calls from the worker thread', async () => {
    const engine = host();
    const result = await engine.dispatch('sessions.list', { filter: { status: ['open'] } });
    expect(result).toEqual({
      ok: true,
      value: { items: [], local: {}, total: 0, next_cursor: null, sorted_by: 'last_message_at' },
    });
  });

  it('asks the host for secrets and never keeps them: the account shows it has a token', async () => {
    const result = await host().dispatch('accounts.list', {});
    expect(result).toMatchObject({
      ok: true,
      value: { active_id: 'environment', accounts: [{ id: 'environment', has_token: true }] },
    });
  });

  it('returns the dispatcher’s refusal for bad input instead of throwing', async () => {
    const result = await host().dispatch('sessions.list', { limit: 0 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses input nested thousands of levels deep with a sentence and keeps no call pending', async () => {
    const engine = host();
    let deep: unknown = 'x';
    for (let i = 0; i < 4_000; i++) deep = [deep];
    for (let i = 0; i < 3; i++) {
      const result = await engine.dispatch('sessions.list', { filter: { tags: deep } });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      if (!result.ok) expect(result.error.message).toContain('nested more than 32 levels deep');
    }
    expect(engine.pendingCalls).toBe(0);
    // The engine still answers afterwards.
    expect(await engine.dispatch('sync.status', {})).toMatchObject({ ok: true });
  });

  it('answers and forgets a call whose input postMessage cannot copy', async () => {
    const engine = host();
    const result = await engine.dispatch('sessions.list', { filter: { q: () => 'not data' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!result.ok) expect(result.error.message).toContain('could not be handed to the engine');
    expect(engine.pendingCalls).toBe(0);
  });

  it('fails a call in flight when the worker dies, and keeps none pending', async () => {
    const dying = join(mkdtempSync(join(tmpdir(), 'dying-worker-')), 'worker.mjs');
    writeFileSync(
      dying,
      [
        "import { parentPort } from 'node:worker_threads';",
        "parentPort.on('message', (m) => { if (m.type === 'call') process.exit(3); });",
        "parentPort.postMessage({ type: 'ready' });",
      ].join('\n'),
    );
    const engine = host({ workerPath: dying, onCrash: () => undefined });
    const result = await engine.dispatch('sync.status', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(engine.pendingCalls).toBe(0);
  });

  it('runs a filter with every list and map at its limit without SQLite refusing it', async () => {
    const engine = host();
    const many = (prefix: string) => Array.from({ length: 500 }, (_, i) => `${prefix}-${i}`);
    const filter = {
      status: Array.from({ length: 500 }, () => 'open'),
      sentiment: Array.from({ length: 500 }, () => 'happy'),
      ai_closure_type: Array.from({ length: 500 }, () => 'resolved'),
      channels: Array.from({ length: 500 }, () => 'web'),
      tags: many('tag'),
      assignee_ids: many('assignee'),
      team_ids: many('team'),
      contact_ids: many('contact'),
      languages: many('lang'),
      custom_data: Object.fromEntries(many('key').map((key, i) => [key, i % 2 ? 'v' : i])),
      q: 'a '.repeat(250).trim(),
    };
    expect(await engine.dispatch('sessions.list', { filter })).toMatchObject({
      ok: true,
      value: { total: 0 },
    });
    expect(await engine.dispatch('sessions.facets', { filter })).toMatchObject({ ok: true });
    expect(await engine.dispatch('views.save', { name: 'at the limit', filter })).toMatchObject({
      ok: true,
    });
  });

  it('stops restarting a worker that dies at every start, and says so on each call', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'broken-worker-')), 'worker.mjs');
    writeFileSync(broken, "throw new Error('built for another runtime');\n");
    const crashes: boolean[] = [];
    const engine = host({
      workerPath: broken,
      onCrash: (_error, restarting) => crashes.push(restarting),
    });
    const result = await engine.dispatch('sync.status', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).toContain('built for another runtime');
    expect(crashes.at(-1)).toBe(false);
    expect(crashes.filter((restarting) => restarting)).toHaveLength(4);
  });
});
