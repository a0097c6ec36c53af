import type { ContextBridge } from 'electron';

/**
 * contextBridge: what the preload exposed, as the page's `window` would see it: a copy, as
 * Electron makes one. Plain objects and arrays are copied member by member (prototypes, and with
 * them class methods, do not cross), functions become proxies whose arguments and results are
 * bridged the same way in both directions, promises stay promises, other values are cloned.
 */
export class ContextBridgeDouble implements Pick<ContextBridge, 'exposeInMainWorld'> {
  readonly mainWorld: Record<string, unknown> = {};

  exposeInMainWorld(apiKey: string, api: unknown): void {
    if (apiKey in this.mainWorld) {
      throw new Error(`Cannot bind an API on top of an existing property on the window object`);
    }
    this.mainWorld[apiKey] = bridge(api);
  }
}

function bridge(value: unknown): unknown {
  if (typeof value === 'function') {
    const target = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => bridge(target(...args.map(bridge)));
  }
  if (value === null || typeof value !== 'object') return value;
  // Duck-typed: a promise made in the preload's own realm is not an instance of this realm's Promise.
  if (typeof (value as { then?: unknown }).then === 'function') {
    return Promise.resolve(value as PromiseLike<unknown>).then(bridge);
  }
  if (Array.isArray(value)) return value.map(bridge);
  const prototype: unknown = Object.getPrototypeOf(value);
  const plain = prototype === null || Object.getPrototypeOf(prototype) === null;
  if (!plain) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = bridge((value as Record<string, unknown>)[key]);
  return copy;
}
