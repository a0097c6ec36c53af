import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallResult } from '../../../src-shared/contract/app-error';
import type { SyncProgress, SyncState } from '../../../src-shared/contract/results';
import { startFakeOpencx } from '../../../fake-opencx/server';
import { createMemorySecretStore } from '../secrets/memory-secret-store';
import { secretPort } from '../secrets/secret-port';
import { createEngine } from './create-engine';

// What the sync runner tells the page while pages land: the list reloads on sync.state's
// cache_version, so every page in the cache must be announced, the last of a burst too.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('pages landing during a sync', () => {
  it('announces the last page of a burst before the rate-limit wait that follows it, not after', async () => {
    // Five requests a minute: a burst of pages, then a wait of most of a minute.
    const server = await startFakeOpencx({ seed: 4, sessions: 1_000, rateLimit: { perMinute: 5 } });
    cleanups.push(() => server.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'sync-runner-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const events: [string, unknown][] = [];
    const engine = createEngine(
      { dataDir, environmentAccount: { base_url: server.url } },
      {
        secrets: secretPort(() => Promise.resolve(createMemorySecretStore(null)), server.token),
        emit: (name, payload) => events.push([name, payload]),
      },
    );
    cleanups.push(() => engine.close());

    void engine.dispatch('sync.run', { full: true });
    const progress = () =>
      events.filter(([name]) => name === 'sync.progress').map(([, p]) => p as SyncProgress);
    await vi.waitFor(
      () => expect(progress().some((p) => (p.waiting_ms ?? 0) > 10_000)).toBe(true),
      {
        timeout: 20_000,
      },
    );
    const landed = Math.max(...progress().map((p) => p.sessions));
    expect(landed).toBeGreaterThan(100);

    // Within the wait, the page is told the cache changed after the last page landed.
    const lastLanding = events.findLastIndex(
      ([name, payload]) =>
        name === 'sync.progress' && (payload as SyncProgress).sessions === landed,
    );
    await vi.waitFor(
      () =>
        expect(events.findLastIndex(([name]) => name === 'sync.state')).toBeGreaterThan(
          lastLanding,
        ),
      { timeout: 5_000 },
    );
    const result = (await engine.dispatch('sync.status', {})) as CallResult<SyncState>;
    expect(result.ok && result.value.progress?.waiting_ms).toBeGreaterThan(0);
    await engine.dispatch('sync.cancel', {});
  });
});
