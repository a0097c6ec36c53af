import { EventEmitter } from 'node:events';
import type { AboutPanelOptionsOptions, App } from 'electron';
import type { DoubleState } from './double-state';

/**
 * app: readiness the test controls (becomeReady), paths in a temporary home, the single-instance
 * lock the test grants or withholds, and quit that asks 'will-quit' listeners like Electron.
 */
export class AppDouble
  extends EventEmitter
  implements
    Pick<
      App,
      | 'whenReady'
      | 'isReady'
      | 'getPath'
      | 'setPath'
      | 'requestSingleInstanceLock'
      | 'quit'
      | 'exit'
      | 'enableSandbox'
      | 'isPackaged'
      | 'getName'
      | 'getVersion'
      | 'name'
      | 'setAsDefaultProtocolClient'
      | 'setAboutPanelOptions'
      | 'showAboutPanel'
    >
{
  name = 'session-desk';
  private readonly readySignal: Promise<void>;
  private markReady!: () => void;

  constructor(private readonly state: DoubleState) {
    super();
    this.readySignal = new Promise((resolve) => {
      this.markReady = resolve;
    });
  }

  /** Whether this runs from an installed app (the test sets state.packaged before loading). */
  get isPackaged(): boolean {
    return this.state.packaged;
  }

  /** The test says when Electron has finished starting. */
  becomeReady(): void {
    if (this.state.ready) return;
    this.state.ready = true;
    this.emit('ready', { preventDefault: () => undefined }, {});
    this.markReady();
  }

  whenReady(): Promise<void> {
    return this.readySignal;
  }

  isReady(): boolean {
    return this.state.ready;
  }

  getPath(name: Parameters<App['getPath']>[0]): string {
    const path = this.state.paths.get(name);
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path;
  }

  setPath(name: string, path: string): void {
    this.state.paths.set(name, path);
  }

  getName(): string {
    return this.name;
  }

  getVersion(): string {
    return this.state.appVersion;
  }

  /** Recorded, never acted on: the test asks whether the app tried to own a URL scheme. */
  setAsDefaultProtocolClient(protocol: string): boolean {
    this.state.defaultProtocolClients.push(protocol);
    return true;
  }

  setAboutPanelOptions(options: AboutPanelOptionsOptions): void {
    this.state.aboutPanelOptions = { ...options };
  }

  showAboutPanel(): void {
    this.state.aboutPanelShown += 1;
  }

  requestSingleInstanceLock(): boolean {
    return this.state.singleInstanceLockAvailable;
  }

  /** Another copy of the app was started; Electron tells the first one like this. */
  startSecondInstance(argv: string[] = [], workingDirectory = process.cwd()): void {
    this.emit('second-instance', { preventDefault: () => undefined }, argv, workingDirectory, {});
  }

  enableSandbox(): void {
    if (this.state.ready)
      throw new Error('app.enableSandbox() can only be called before app is ready');
    this.state.sandboxEnabled = true;
  }

  quit(): void {
    this.state.quitCalls += 1;
    let prevented = false;
    const event = {
      preventDefault: () => {
        prevented = true;
      },
    };
    this.emit('before-quit', event);
    if (prevented) return;
    this.emit('will-quit', event);
    if (!prevented) this.emit('quit', event, 0);
  }

  exit(exitCode = 0): void {
    this.state.exitCode = exitCode;
  }
}
