import type { Connectivity } from '../../../src-shared/contract/results';
import type { HttpFetch } from '../api/http-fetch';

/**
 * Online or offline, decided from our own requests (design.md): any HTTP answer means OpenCX is
 * reachable, a failed connection means it is not. The OS signal only nudges: "offline" is
 * believed until a request gets through, "online" just prompts a check.
 */
export class ConnectivityMonitor {
  private current: Connectivity = { online: null, last_reached_at: null };
  private readonly listeners = new Set<(state: Connectivity) => void>();

  constructor(private readonly now: () => number) {}

  get state(): Connectivity {
    return this.current;
  }

  onChange(listener: (state: Connectivity) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reached(): void {
    const wasOnline = this.current.online;
    this.current = { online: true, last_reached_at: new Date(this.now()).toISOString() };
    if (wasOnline !== true) this.publish();
  }

  unreachable(): void {
    if (this.current.online === false) return;
    this.current = { ...this.current, online: false };
    this.publish();
  }

  /** The OS's word: only "offline" changes the state; "online" is left for a request to prove. */
  hint(online: boolean): void {
    if (!online) this.unreachable();
  }

  /** A fetch that reports what happened to every request to this monitor. */
  observe(fetchImpl: HttpFetch): HttpFetch {
    return async (input, init) => {
      try {
        const response = await fetchImpl(input, init);
        this.reached();
        return response;
      } catch (error) {
        // A request we cancelled, or timed out ourselves, says nothing about the network.
        if (!init?.signal?.aborted) this.unreachable();
        throw error;
      }
    };
  }

  private publish(): void {
    for (const listener of this.listeners) listener(this.current);
  }
}
