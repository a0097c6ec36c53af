import { describe, expect, it } from 'vitest';
import type { Connectivity } from '../../../src-shared/contract/results';
import { ConnectivityMonitor } from './connectivity-monitor';

const now = () => Date.parse('2026-11-25T10:00:00Z');
const GET = { method: 'GET', headers: {}, redirect: 'manual' } as const;

describe('the connectivity monitor', () => {
  it('calls OpenCX reachable when any HTTP answer arrives, even an error status', async () => {
    const monitor = new ConnectivityMonitor(now);
    const fetch = monitor.observe(() => Promise.resolve(new Response('no', { status: 503 })));
    await fetch('http://x/', GET);
    expect(monitor.state).toEqual({ online: true, last_reached_at: '2026-11-25T10:00:00.000Z' });
  });

  it('calls it unreachable when the connection fails, and tells listeners once', async () => {
    const monitor = new ConnectivityMonitor(now);
    const changes: Connectivity[] = [];
    monitor.onChange((state) => changes.push(state));
    const fetch = monitor.observe(() => Promise.reject(new TypeError('fetch failed')));
    await expect(fetch('http://x/', GET)).rejects.toThrow('fetch failed');
    await expect(fetch('http://x/', GET)).rejects.toThrow('fetch failed');
    expect(monitor.state.online).toBe(false);
    expect(changes).toEqual([{ online: false, last_reached_at: null }]);
  });

  it('learns nothing from a request we cancelled ourselves', async () => {
    const monitor = new ConnectivityMonitor(now);
    const controller = new AbortController();
    controller.abort();
    const fetch = monitor.observe(() => Promise.reject(new DOMException('aborted', 'AbortError')));
    await expect(fetch('http://x/', { ...GET, signal: controller.signal })).rejects.toThrow();
    expect(monitor.state.online).toBeNull();
  });

  it('believes an OS "offline" hint, but leaves "online" for a request to prove', () => {
    const monitor = new ConnectivityMonitor(now);
    monitor.hint(true);
    expect(monitor.state.online).toBeNull();
    monitor.hint(false);
    expect(monitor.state.online).toBe(false);
  });
});
