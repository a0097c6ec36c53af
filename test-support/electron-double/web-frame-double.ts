import type { WebFrameMain } from 'electron';

/** A frame: what an IPC handler sees as event.senderFrame. Only its URL and identity matter here. */
export class WebFrameDouble implements Pick<
  WebFrameMain,
  'url' | 'origin' | 'routingId' | 'processId' | 'name' | 'parent' | 'top' | 'detached'
> {
  private static nextId = 1;
  readonly routingId = WebFrameDouble.nextId++;
  readonly processId = 1;
  readonly name = '';
  readonly parent: WebFrameMain | null = null;
  detached = false;

  constructor(public url: string) {}

  get top(): WebFrameMain | null {
    return this as unknown as WebFrameMain;
  }

  /** Like Chromium: the serialised origin, "null" for opaque ones. */
  get origin(): string {
    try {
      const url = new URL(this.url);
      return url.host ? `${url.protocol}//${url.host}` : 'null';
    } catch {
      return 'null';
    }
  }
}
