#!/usr/bin/env node
// `npm run demo`: a fake OpenCX with sample data, and Session Desk against it — the desktop app
// where Electron can run, otherwise the same app in the browser through the web host.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ELECTRON_MISSING, electronBinaryPath } from './electron-binary.js';

const root = resolve(import.meta.dirname, '..');
const token = 'ocx_demo_token';
const children = [];

function stopAll(code) {
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}
process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

/** Starts a child and resolves with the first stdout line matching `pattern`. */
function startAndWait(command, args, env, pattern) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env } });
  children.push(child);
  child.stderr.pipe(process.stderr);
  child.once('exit', (code) => {
    console.error(`demo: ${args.join(' ')} stopped (exit ${code}).`);
    stopAll(code ?? 1);
  });
  return new Promise((resolvePromise) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      console.log(line);
      const match = line.match(pattern);
      if (match) resolvePromise(match);
    });
  });
}

const [, fakeUrl] = await startAndWait(
  process.execPath,
  [
    '--import',
    'tsx',
    'fake-opencx/cli.ts',
    '--port',
    '0',
    '--seed',
    '7',
    '--sessions',
    '2500',
    '--token',
    token,
  ],
  {},
  /listening on (http:\/\/\S+)/,
);

const dataDir = mkdtempSync(join(tmpdir(), 'session-desk-demo-'));
const appEnv = {
  OPENCX_BASE_URL: fakeUrl,
  OPENCX_API_TOKEN: token,
  SESSION_DESK_DATA_DIR: dataDir,
};

const electron = electronBinaryPath();
if (electron) {
  const prepared = spawnSync(process.execPath, ['scripts/native-abi.js', 'electron'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (prepared.status !== 0) stopAll(1);
  const app = spawn(electron, ['.'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...appEnv },
  });
  children.push(app);
  app.once('exit', (code) => stopAll(code ?? 0));
} else {
  console.log(`${ELECTRON_MISSING}; the demo opens in your browser instead.`);
  const prepared = spawnSync(process.execPath, ['scripts/native-abi.js', 'node'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (prepared.status !== 0) stopAll(1);
  const [, url] = await startAndWait(
    process.execPath,
    ['out/main/web.js', '--port', process.env.PORT ?? '5199', '--auto-sync'],
    appEnv,
    /at (http:\/\/\S+)/,
  );
  console.log(
    `\nOpen ${url} in a browser. It syncs the fake account, then works offline too. Ctrl-C stops.`,
  );
}
