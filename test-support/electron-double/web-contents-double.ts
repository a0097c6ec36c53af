import { EventEmitter } from 'node:events';
import type { HandlerDetails, WebContents, WindowOpenHandlerResponse } from 'electron';
import type { ProtocolDouble } from './protocol-double';
import type { IpcRendererDouble } from './ipc-double';
import { WebFrameDouble } from './web-frame-double';

/** The result of a navigation or window.open the test tried on behalf of the page. */
export interface NavigationAttempt {
  prevented: boolean;
}

/**
 * A page's web contents: the event surface the app guards (will-navigate, window.open, …), the
 * IPC send path to the page's ipcRenderer, and loadURL answered by the registered protocol.
 */
export class WebContentsDouble
  extends EventEmitter
  implements
    Pick<
      WebContents,
      | 'id'
      | 'send'
      | 'setWindowOpenHandler'
      | 'isDestroyed'
      | 'getURL'
      | 'loadURL'
      | 'openDevTools'
      | 'isDevToolsOpened'
    >
{
  private static nextId = 1;
  readonly id = WebContentsDouble.nextId++;
  mainFrame = new WebFrameDouble('about:blank');
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  private destroyed = false;
  private devToolsOpen = false;
  /** The page's side, once a preload has been attached with attachRenderer. */
  renderer: IpcRendererDouble | null = null;

  constructor(
    private readonly protocol: ProtocolDouble,
    /** webPreferences.devTools: when false, Electron ignores every attempt to open DevTools. */
    private readonly devToolsAllowed = true,
  ) {
    super();
  }

  openDevTools(): void {
    if (this.devToolsAllowed && !this.destroyed) this.devToolsOpen = true;
  }

  isDevToolsOpened(): boolean {
    return this.devToolsOpen;
  }

  /**
   * The page writes to its console. Electron 45 emits 'console-message' with the details on the
   * event, followed by the deprecated positional arguments (level 0–3, message, line, source).
   */
  consoleMessage(level: 'debug' | 'info' | 'warning' | 'error', message: string): void {
    const details = {
      preventDefault: () => undefined,
      level,
      message,
      lineNumber: 1,
      sourceId: this.mainFrame.url,
      frame: this.mainFrame,
    };
    const levels = { debug: 0, info: 1, warning: 2, error: 3 };
    this.emit('console-message', details, levels[level], message, 1, this.mainFrame.url);
  }

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    // IPC copies with the structured clone algorithm: what cannot be cloned throws, like Electron.
    this.renderer?.deliver(channel, structuredClone(args));
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  /** Loads through the scheme's protocol handler, as Chromium would, and fails on an error status. */
  async loadURL(url: string): Promise<void> {
    const response = await this.protocol.fetchThroughHandler(url);
    if (!response.ok) {
      this.emit('did-fail-load', {}, -2, 'ERR_FAILED', url, true);
      throw new Error(`ERR_FAILED (-2) loading '${url}'`);
    }
    this.mainFrame = new WebFrameDouble(url);
    this.emit('did-finish-load');
  }

  /** The page tries to navigate (a link, location.href = …); true when the app prevented it. */
  tryNavigate(url: string): NavigationAttempt {
    let prevented = false;
    const event = {
      url,
      isMainFrame: true,
      isSameDocument: false,
      frame: this.mainFrame,
      initiator: this.mainFrame,
      preventDefault: () => {
        prevented = true;
      },
      get defaultPrevented() {
        return prevented;
      },
    };
    this.emit('will-frame-navigate', event);
    this.emit('will-navigate', event, url, false, true, 1, this.mainFrame.routingId);
    if (!prevented) this.mainFrame = new WebFrameDouble(url);
    return { prevented };
  }

  /** The page calls window.open(url); what the app's handler decided. */
  tryWindowOpen(url: string): WindowOpenHandlerResponse {
    // Electron's default without a handler: the window opens.
    if (!this.windowOpenHandler) return { action: 'allow' };
    return this.windowOpenHandler({
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: this.mainFrame.url, policy: 'strict-origin-when-cross-origin' },
    });
  }
}
