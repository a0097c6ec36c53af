import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staticTokenProvider } from '../service/token-provider';
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
      account: { id: 'test', name: 'Test', baseUrl: 'http://127.0.0.1:9' },
    },
    tokenProvider: staticTokenProvider('ocx_test'),
    workerPath,
    onEvent: () => undefined,
    ...options,
  });
  hosts.push(created);
  return created;
}

describe('the engine host', () => {
  it('answers contract calls from the worker thread', async () => {
    const engine = host();
    const result = await engine.dispatch('sessions.list', { filter: { status: ['open'] } });
    expect(result).toEqual({
      ok: true,
      value: { items: [], total: 0, next_cursor: null, sorted_by: 'last_message_at' },
    });
  });

  it('returns the dispatcher’s refusal for bad input instead of throwing', async () => {
    const result = await host().dispatch('sessions.list', { limit: 0 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
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
