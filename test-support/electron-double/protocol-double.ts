import type { CustomScheme, Protocol } from 'electron';
import type { DoubleState } from './double-state';

type Handler = (request: Request) => Response | Promise<Response>;

/** protocol: privileged schemes (only before ready) and handlers (only after), as Electron insists. */
export class ProtocolDouble implements Pick<
  Protocol,
  'registerSchemesAsPrivileged' | 'handle' | 'unhandle' | 'isProtocolHandled'
> {
  privileged: CustomScheme[] = [];
  readonly handlers = new Map<string, Handler>();

  constructor(private readonly state: DoubleState) {}

  registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void {
    if (this.state.ready) {
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    }
    this.privileged = [...this.privileged, ...structuredClone(customSchemes)];
  }

  handle(scheme: string, handler: Handler): void {
    if (!this.state.ready)
      throw new Error('protocol.handle can only be used after the app is ready');
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }

  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }

  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }

  /**
   * What the page gets for a URL on a handled scheme. The URL is parsed first, as Chromium does
   * for a standard scheme (dot segments such as /../ are resolved before the handler sees them).
   */
  async fetchThroughHandler(url: string, init?: RequestInit): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.handlers.get(scheme);
    if (!handler) throw new Error(`ERR_UNKNOWN_URL_SCHEME: no handler for ${scheme}:`);
    return handler(new Request(url, init));
  }
}
