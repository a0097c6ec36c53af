#!/usr/bin/env node
// better-sqlite3 is compiled against one runtime's ABI. Tests, the CLI and the web host run under
// Node; `npm start` runs under Electron. This puts the right build in place for the runtime asked
// for, keeping each build in .native-cache/ so switching back is a copy, not a recompile.
//   node scripts/native-abi.js node|electron
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { ELECTRON_MISSING, electronBinaryPath } from './electron-binary.js';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const target = process.argv[2];
if (target !== 'node' && target !== 'electron') {
  console.error('native-abi: say which runtime: node scripts/native-abi.js node|electron');
  process.exit(2);
}

const packageDir = dirname(require.resolve('better-sqlite3/package.json'));
const binary = join(packageDir, 'build', 'Release', 'better_sqlite3.node');
const marker = join(packageDir, 'build', 'Release', '.session-desk-runtime');

function currentRuntime() {
  return existsSync(marker) ? readFileSync(marker, 'utf8').trim() : null;
}

function cached(runtime) {
  return join(root, '.native-cache', 'better-sqlite3', runtime, 'better_sqlite3.node');
}

/** Atomically puts a file in place: copy beside, then rename over. */
function install(from, to) {
  const temporary = `${to}.tmp-${process.pid}`;
  copyFileSync(from, temporary);
  renameSync(temporary, to);
}

function remember(runtime) {
  mkdirSync(dirname(cached(runtime)), { recursive: true });
  install(binary, cached(runtime));
  writeFileSync(marker, `${runtime}\n`);
}

function loadsUnderNode() {
  const probe = spawnSync(
    process.execPath,
    ['-e', "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"],
    { cwd: root, encoding: 'utf8' },
  );
  return probe.status === 0;
}

function rebuild(env) {
  const result = spawnSync('npm', ['rebuild', 'better-sqlite3'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    // On Windows npm is npm.cmd, which Node (since 20.12) only starts through a shell.
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error('native-abi: rebuilding better-sqlite3 failed (see the output above).');
    process.exit(1);
  }
}

if (target === 'node') {
  const runtime = `node-${process.versions.modules}`;
  if (existsSync(binary) && loadsUnderNode()) {
    if (currentRuntime() !== runtime) remember(runtime);
    process.exit(0);
  }
  if (existsSync(cached(runtime))) {
    install(cached(runtime), binary);
  } else {
    console.log('native-abi: building better-sqlite3 for Node (about a minute)…');
    rebuild({ npm_config_runtime: 'node', npm_config_build_from_source: 'true' });
  }
  if (!loadsUnderNode()) {
    console.error('native-abi: better-sqlite3 still does not load under Node after the rebuild.');
    process.exit(1);
  }
  remember(runtime);
  process.exit(0);
}

// Electron: its binary must exist before anything is worth building for it.
const electronVersion = JSON.parse(
  readFileSync(require.resolve('electron/package.json'), 'utf8'),
).version;
if (!electronBinaryPath()) {
  console.error(
    `${ELECTRON_MISSING}; \`npm run demo\` or \`npm run start:web\` runs Session Desk in a browser instead.`,
  );
  process.exit(1);
}
const runtime = `electron-${electronVersion}`;
if (currentRuntime() === runtime) process.exit(0);
// Keep the Node build before replacing it, so going back to tests is a copy, not a rebuild.
if (currentRuntime()?.startsWith('node-') || (currentRuntime() === null && loadsUnderNode())) {
  remember(`node-${process.versions.modules}`);
}
if (existsSync(cached(runtime))) {
  install(cached(runtime), binary);
} else {
  console.log(`native-abi: building better-sqlite3 for Electron ${electronVersion}…`);
  rebuild({
    npm_config_runtime: 'electron',
    npm_config_target: electronVersion,
    npm_config_disturl: 'https://electronjs.org/headers',
    // The machine-wide nodedir points at Node's headers; Electron's must be used instead.
    npm_config_nodedir: '',
  });
}
remember(runtime);
