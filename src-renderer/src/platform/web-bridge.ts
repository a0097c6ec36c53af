import type { AppErrorShape, CallResult } from '../../../src-shared/contract/app-error';
import type { RendererApi } from '../../../src-shared/contract/api';
import { hostHealth } from './host-health.svelte';
import { exportByDownload } from './web-export';

// Served by the web host rather than Electron, the page has no preload: this bridge gives it the
// same `window.api` over loopback HTTP. The host put its per-start token in a meta tag.

export function installWebBridgeIfNeeded(): void {
  if (window.api) return;
  const token = document.querySelector<HTMLMetaElement>('meta[name="session-desk-token"]')?.content;
  if (!token) return;
  window.api = createWebBridge(token, window.location.origin, (reachable) =>
    hostHealth.report(reachable),
  );
}

/**
 * `onHost` hears whether the host answers: every call and the event stream tell it (a host that
 * stopped refuses connections; the event stream errors at once and keeps retrying).
 */
export function createWebBridge(
  token: string,
  origin: string,
  onHost: (reachable: boolean) => void = () => undefined,
): RendererApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  /** Resolved by the host's first `hello`: from then on no event can be missed. */
  let connected: Promise<void> | null = null;

  const call = async (channel: string, input: unknown): Promise<CallResult<unknown>> => {
    try {
      const response = await fetch(`${origin}/api/call/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
      // A refusal comes with a 4xx/5xx status and the CallResult as its body: read the body
      // whatever the status, and describe anything that is not a CallResult.
      onHost(true);
      return asCallResult(response.status, await response.text());
    } catch (error) {
      onHost(false);
      const failure: AppErrorShape = {
        code: 'internal',
        message: `Session Desk's local host did not answer (${String(error)}).`,
      };
      return { ok: false, error: failure };
    }
  };

  const ensureSource = (name: string) => {
    if (!source) {
      source = new EventSource(`${origin}/api/events?token=${encodeURIComponent(token)}`);
      const opened = source;
      connected = new Promise((resolve) =>
        opened.addEventListener('hello', () => resolve(), { once: true }),
      );
      source.addEventListener('open', () => onHost(true));
      source.addEventListener('error', () => onHost(false));
    }
    source.addEventListener(name, (event) => {
      const payload = JSON.parse((event as MessageEvent<string>).data) as unknown;
      for (const listener of listeners.get(name) ?? []) listener(payload);
    });
  };

  const on = (name: string, listener: (payload: unknown) => void) => {
    let set = listeners.get(name);
    if (!set) {
      set = new Set();
      listeners.set(name, set);
      ensureSource(name);
    }
    set.add(listener);
    return () => set.delete(listener);
  };

  // An export is a download the browser makes (web-export.ts), not a call.
  const exportSessions = (input: unknown) =>
    exportByDownload(
      {
        origin,
        token,
        eventsReady: () => {
          if (!connected) on('hello', () => undefined);
          return connected ?? Promise.resolve();
        },
        onFinished: (listener) =>
          on('export.finished', (payload) => listener(payload as Parameters<typeof listener>[0])),
        readAnswer: asCallResult,
      },
      input,
    );

  // Every contract channel is a property; the host's dispatcher refuses names it does not know.
  return new Proxy({ on } as unknown as RendererApi, {
    get(target, property) {
      if (property === 'on') return on;
      if (property === 'sessions.export') return exportSessions;
      if (typeof property !== 'string') return Reflect.get(target, property);
      return (input?: unknown) => call(property, input);
    },
  });
}

/** The host's answer as a CallResult; a body that is none (a proxy's page, a crash) as a refusal. */
export function asCallResult(status: number, text: string): CallResult<unknown> {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (isCallResult(parsed)) return parsed;
  } catch {
    // Not JSON: described below.
  }
  const shown = text.trim().slice(0, 200) || 'no explanation';
  return {
    ok: false,
    error: {
      code: 'internal',
      message: `Session Desk's local host refused the call (HTTP ${status}: ${shown}).`,
    },
  };
}

function isCallResult(value: unknown): value is CallResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const result = value as { ok?: unknown; value?: unknown; error?: Partial<AppErrorShape> };
  if (result.ok === true) return 'value' in result;
  return (
    result.ok === false &&
    typeof result.error?.code === 'string' &&
    typeof result.error.message === 'string'
  );
}
