// Where the Electron executable is, or null when it is not installed. Reads electron's path.txt
// directly: require('electron') would try to download the binary on the spot.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export function electronBinaryPath() {
  const require = createRequire(join(root, 'package.json'));
  let electronDir;
  try {
    electronDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

export const ELECTRON_MISSING =
  'The Electron binary is not installed on this machine (its download failed or was not ' +
  'possible), so the desktop app cannot start here';
