import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import type { RendererApi } from '../../../src-shared/contract/api';
import { Transcript } from './transcript.svelte';

afterEach(() => vi.restoreAllMocks());

function apiAnswering(answer: () => unknown) {
  const history = vi.fn(() => Promise.resolve(answer()));
  window.api = { 'sessions.history': history } as unknown as RendererApi;
  return history;
}

describe('the transcript of the open session', () => {
  it('asks once for an uncached transcript while offline, and says why it is missing', async () => {
    const history = apiAnswering(() => ({
      ok: false,
      error: { code: 'offline', message: 'not downloaded' },
    }));
    const transcript = new Transcript();
    await transcript.load('s1', '2026-11-01T00:00:00Z');
    // Re-rendering hands the same session again: no new request.
    await transcript.load('s1', '2026-11-01T00:00:00Z');
    await transcript.load('s1', '2026-11-01T00:00:00Z');
    flushSync();
    expect(history).toHaveBeenCalledTimes(1);
    expect(transcript.waitingForNetwork).toBe(true);
    expect(transcript.loading).toBe(false);
  });

  it('asks again for a new version of the session, and on retry', async () => {
    const history = apiAnswering(() => ({
      ok: true,
      value: { events: [], saved_at: null, stale: false },
    }));
    const transcript = new Transcript();
    await transcript.load('s1', 'v1');
    await transcript.load('s1', 'v2');
    await transcript.retry();
    expect(history).toHaveBeenCalledTimes(3);
    expect(transcript.history?.events).toEqual([]);
  });
});
