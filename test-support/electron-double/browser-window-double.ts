import { EventEmitter } from 'node:events';
import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle } from 'electron';
import type { AppDouble } from './app-double';
import type { ProtocolDouble } from './protocol-double';
import { WebContentsDouble } from './web-contents-double';

export interface WindowWorld {
  app: AppDouble;
  protocol: ProtocolDouble;
  windows: BrowserWindowDouble[];
}

/** The BrowserWindow class of one double: a subclass that knows its app, protocol and windows. */
export function createBrowserWindowDouble(world: WindowWorld): typeof BrowserWindowDouble {
  return class extends BrowserWindowDouble {
    static override world: WindowWorld | null = world;
  };
}

/** A window: records the options it was given; its page is a WebContentsDouble. */
export class BrowserWindowDouble
  extends EventEmitter
  implements
    Pick<
      BrowserWindow,
      | 'loadURL'
      | 'show'
      | 'focus'
      | 'isVisible'
      | 'isFocused'
      | 'isMinimized'
      | 'restore'
      | 'minimize'
      | 'maximize'
      | 'isMaximized'
      | 'getBounds'
      | 'setBounds'
      | 'getNormalBounds'
      | 'setBackgroundColor'
      | 'isDestroyed'
      | 'close'
      | 'destroy'
    >
{
  static world: WindowWorld | null = null;

  static getAllWindows(): BrowserWindowDouble[] {
    return worldOf(this).windows.filter((window) => !window.isDestroyed());
  }

  static getFocusedWindow(): BrowserWindowDouble | null {
    return this.getAllWindows().find((window) => window.isFocused()) ?? null;
  }

  private readonly world: WindowWorld;

  /** What the app asked for, as given. */
  readonly options: BrowserWindowConstructorOptions;
  readonly webContents: WebContentsDouble;
  backgroundColor: string | undefined;
  private bounds: Rectangle;
  private visible: boolean;
  private focused = false;
  private minimized = false;
  private maximized = false;
  private destroyed = false;

  constructor(options: BrowserWindowConstructorOptions = {}) {
    super();
    const world = worldOf(new.target);
    this.world = world;
    if (!world.app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.options = options;
    this.bounds = {
      x: options.x ?? 0,
      y: options.y ?? 0,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
    this.visible = options.show ?? true;
    this.backgroundColor = options.backgroundColor;
    this.webContents = new WebContentsDouble(
      world.protocol,
      options.webPreferences?.devTools ?? true,
    );
    world.windows.push(this);
    world.app.emit('web-contents-created', { preventDefault: () => undefined }, this.webContents);
    world.app.emit('browser-window-created', { preventDefault: () => undefined }, this);
  }

  async loadURL(url: string): Promise<void> {
    await this.webContents.loadURL(url);
    this.emit('ready-to-show');
  }

  show(): void {
    this.visible = true;
    this.focused = true;
    this.minimized = false;
  }

  focus(): void {
    this.focused = true;
  }

  isVisible(): boolean {
    return this.visible;
  }

  isFocused(): boolean {
    return this.focused;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }

  restore(): void {
    this.minimized = false;
  }

  maximize(): void {
    this.maximized = true;
  }

  isMaximized(): boolean {
    return this.maximized;
  }

  getBounds(): Rectangle {
    return { ...this.bounds };
  }

  setBounds(bounds: Partial<Rectangle>): void {
    this.bounds = { ...this.bounds, ...bounds };
    this.emit('resize');
  }

  getNormalBounds(): Rectangle {
    return { ...this.bounds };
  }

  setBackgroundColor(color: string): void {
    this.backgroundColor = color;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Like a click on the close button: 'close' may be prevented, then 'closed'. */
  close(): void {
    let prevented = false;
    this.emit('close', {
      preventDefault: () => {
        prevented = true;
      },
    });
    if (!prevented) this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
    if (this.world.windows.every((window) => window.isDestroyed()))
      this.world.app.emit('window-all-closed');
  }
}

function worldOf(windowClass: { world: WindowWorld | null }): WindowWorld {
  if (!windowClass.world)
    throw new Error('use the BrowserWindow of a double (createElectronDouble)');
  return windowClass.world;
}
