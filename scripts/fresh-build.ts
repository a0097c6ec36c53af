import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Vitest's global setup for the node project. Tests that run the app as a user does (the CLI in
// its own process) run the built bundle in out/, as the installed command does, instead of
// transpiling the sources with tsx in every process they start (that halved the CLI tests' time).
// So that a test never runs yesterday's build, the build is redone first when any of its inputs
// is newer than it; `npm test` has just built, so there it costs one walk of the source folders.

const root = resolve(import.meta.dirname, '..');
const BUILT = join(root, 'out/main/cli.js');
const SOURCE_FOLDERS = ['src-main', 'src-shared', 'src-preload', 'src-renderer'];
const SOURCE_FILES = ['electron.vite.config.ts', 'svelte.config.js', 'package-lock.json'];

/** The newest modification time among the build's inputs (tests are not inputs). */
function newestInput(): { path: string; ms: number } {
  let newest = { path: '', ms: 0 };
  const consider = (path: string) => {
    const ms = statSync(path).mtimeMs;
    if (ms > newest.ms) newest = { path, ms };
  };
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.includes('.test.')) consider(path);
    }
  };
  for (const folder of SOURCE_FOLDERS) walk(join(root, folder));
  for (const file of SOURCE_FILES) consider(join(root, file));
  return newest;
}

export default function setup(): void {
  const input = newestInput();
  const stale = !existsSync(BUILT)
    ? 'out/main/cli.js does not exist'
    : statSync(BUILT).mtimeMs < input.ms
      ? `${input.path.slice(root.length + 1)} is newer than out/main/cli.js`
      : null;
  if (stale === null) return;
  process.stderr.write(`Building the app before the tests: ${stale}.\n`);
  const built = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (built.status !== 0) throw new Error('electron-vite build failed; the tests need out/.');
}
