import { createRequire, register } from 'node:module';
import { createElectronDouble, type ElectronDouble } from './electron-double';

const GLOBAL_KEY = Symbol.for('session-desk.electron-double');
let hookRegistered = false;

const nativeImport = createRequire(import.meta.url)('./native-import.cjs') as (
  specifier: string,
) => Promise<unknown>;

/**
 * Creates a double and makes it what `electron` resolves to for modules loaded by `importNatively`
 * in this process. One per test file: Node caches the built modules, and vitest runs each test
 * file in its own process.
 */
export function installElectronDouble(): ElectronDouble {
  const holder = globalThis as unknown as Record<symbol, unknown>;
  if (holder[GLOBAL_KEY]) throw new Error('electron double: already installed in this process');
  const double = createElectronDouble();
  holder[GLOBAL_KEY] = double.electron;
  // Electron's main process reports its own and Chromium's versions beside Node's.
  for (const name of Object.keys(double.state.versions) as (keyof typeof double.state.versions)[])
    Object.defineProperty(process.versions, name, {
      get: () => double.state.versions[name],
      enumerable: true,
      configurable: true,
    });
  if (!hookRegistered) {
    register(new URL('./electron-resolve-hook.mjs', import.meta.url), {
      data: { shimUrl: new URL('./electron-module-shim.mjs', import.meta.url).href },
    });
    hookRegistered = true;
  }
  return double;
}

export function importNatively(url: string): Promise<unknown> {
  return nativeImport(url);
}
