import { EventEmitter } from 'node:events';
import type { IpcMain, IpcMainInvokeEvent, IpcRenderer, IpcRendererEvent } from 'electron';
import type { WebContentsDouble } from './web-contents-double';
import { WebFrameDouble } from './web-frame-double';

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** ipcMain's invoke side: one handler per channel, a second registration throws, like Electron. */
export class IpcMainDouble
  extends EventEmitter
  implements Pick<IpcMain, 'handle' | 'removeHandler' | 'handleOnce'>
{
  readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, listener: InvokeHandler): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }

  handleOnce(channel: string, listener: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return listener(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /**
   * An invoke arriving from a frame: arguments and the answer are structured-cloned, a thrown
   * error reaches the caller as Electron words it, and a missing handler is an error too.
   */
  async invokeFrom(
    sender: WebContentsDouble,
    frame: WebFrameDouble | null,
    channel: string,
    args: unknown[],
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) {
      throw new Error(
        `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
      );
    }
    const event = {
      sender,
      senderFrame: frame,
      processId: frame?.processId ?? 1,
      frameId: frame?.routingId ?? 0,
      type: 'frame',
      preventDefault: () => undefined,
      defaultPrevented: false,
    } as unknown as IpcMainInvokeEvent;
    try {
      return structuredClone(await handler(event, ...structuredClone(args)));
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, {
        cause: error,
      });
    }
  }
}

/**
 * The page's ipcRenderer, wired to one web contents: invoke reaches ipcMain with that page's
 * frame as senderFrame; webContents.send arrives at its listeners with an IpcRendererEvent.
 */
export class IpcRendererDouble
  extends EventEmitter
  implements Pick<IpcRenderer, 'invoke' | 'send'>
{
  private contents: WebContentsDouble | null = null;

  constructor(private readonly ipcMain: IpcMainDouble) {
    super();
  }

  /** Makes this the renderer of `contents`, whose frame is now at `url`. */
  attach(contents: WebContentsDouble, url: string): void {
    this.contents = contents;
    contents.mainFrame = new WebFrameDouble(url);
    contents.renderer = this;
  }

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const contents = this.contents;
    if (!contents) return Promise.reject(new Error('ipcRenderer is not attached to a page'));
    return this.ipcMain.invokeFrom(contents, contents.mainFrame, channel, args);
  }

  send(channel: string, ...args: unknown[]): void {
    this.ipcMain.emit(
      channel,
      { sender: this.contents, senderFrame: this.contents?.mainFrame },
      ...structuredClone(args),
    );
  }

  deliver(channel: string, args: unknown[]): void {
    const event = {
      sender: this as unknown as IpcRenderer,
      ports: [],
    } as unknown as IpcRendererEvent;
    this.emit(channel, event, ...args);
  }
}
