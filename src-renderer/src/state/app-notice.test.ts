import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RendererApi } from '../../../src-shared/contract/api';
import type { AppStatus, SyncState } from '../../../src-shared/contract/results';
import { AppNotice } from './app-notice.svelte';
import { syncStatus } from './sync-status.svelte';

// The banner's sentence follows the engine's app.status notice as the cache changes, not only
// at start: a cache opened late, or moved aside as damaged after the page started.

const BUSY =
  'The sessions of Acme are not shown yet. session-desk sync is writing the cache. Session Desk opens the cache by itself as soon as it is free.';
const DAMAGED =
  'The cache of Acme was damaged, so it was moved aside (/data/cache.db.damaged) and is being rebuilt from OpenCX. Your saved views are safe.';

let notice: string | null;
let statusCalls: number;
let pushState: (state: SyncState) => void;
let disconnects: (() => void)[];

function syncState(cacheVersion: number): SyncState {
  return {
    running: false,
    background: false,
    cache_version: cacheVersion,
    progress: null,
    last_synced_at: null,
    last_error: null,
  };
}

beforeEach(() => {
  notice = null;
  statusCalls = 0;
  disconnects = [];
  window.api = {
    'app.status': () => {
      statusCalls += 1;
      return Promise.resolve({ ok: true, value: { notice } as AppStatus });
    },
    'sync.status': () => Promise.resolve({ ok: true, value: syncState(1) }),
    on: (event: string, listener: (payload: SyncState) => void) => {
      if (event === 'sync.state') pushState = listener;
      return () => undefined;
    },
  } as unknown as RendererApi;
});

afterEach(() => disconnects.forEach((disconnect) => disconnect()));

async function connected(): Promise<AppNotice> {
  const appNotice = new AppNotice();
  disconnects.push(syncStatus.connect(), appNotice.connect());
  await appNotice.read();
  return appNotice;
}

describe('the app notice banner', () => {
  it('shows a notice that appears after the page started once the engine says the cache changed', async () => {
    const appNotice = await connected();
    expect(appNotice.shown).toBeNull();

    notice = DAMAGED;
    pushState(syncState(2));
    await vi.waitFor(() => expect(appNotice.shown).toBe(DAMAGED));
  });

  it('drops a notice that no longer holds (the cache opened once another program let go)', async () => {
    notice = BUSY;
    const appNotice = await connected();
    expect(appNotice.shown).toBe(BUSY);

    notice = null;
    pushState(syncState(2));
    await vi.waitFor(() => expect(appNotice.shown).toBeNull());
  });

  it('does not ask again while the cache is unchanged', async () => {
    const appNotice = await connected();
    const calls = statusCalls;
    pushState(syncState(1));
    // Whatever the listener would start has started by the next task.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(statusCalls).toBe(calls);
    expect(appNotice.shown).toBeNull();
  });

  it('keeps a dismissed sentence dismissed when it is read again, and shows a new one', async () => {
    notice = BUSY;
    const appNotice = await connected();
    appNotice.dismiss();
    expect(appNotice.shown).toBeNull();

    const calls = statusCalls;
    pushState(syncState(2));
    await vi.waitFor(() => expect(statusCalls).toBe(calls + 1));
    await appNotice.read();
    expect(appNotice.shown).toBeNull();

    notice = DAMAGED;
    pushState(syncState(3));
    await vi.waitFor(() => expect(appNotice.shown).toBe(DAMAGED));
  });
});
