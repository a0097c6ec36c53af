import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import type { ElectronModuleDouble } from './electron-double';

export interface LoadedPreload {
  /** What the preload exposed through contextBridge, as the page's `window` sees it. */
  mainWorld: Record<string, unknown>;
  /** Every module the preload asked require() for. */
  required: string[];
}

/**
 * Runs a built preload the way a sandboxed renderer does: a fresh global without Node, and a
 * require that knows only the renderer's electron modules. Anything else it requires throws.
 */
export function loadSandboxedPreload(file: string, electron: ElectronModuleDouble): LoadedPreload {
  const required: string[] = [];
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id === 'electron')
      return { contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer };
    throw new Error(`module not found: ${id} (a sandboxed preload can only require electron)`);
  };
  const module = { exports: {} };
  runInNewContext(
    readFileSync(file, 'utf8'),
    { require: sandboxRequire, module, exports: module.exports, console },
    { filename: file },
  );
  return { mainWorld: electron.contextBridge.mainWorld, required };
}
