#!/usr/bin/env node
// `npm run demo`: a fake OpenCX with sample data, and Session Desk against it — the desktop app
// where Electron can run, otherwise the same app in the browser through the web host.
//
// The app reaches the fake through a small switch (a TCP relay on its own port), so the fake can
// be taken offline and brought back from this terminal without losing its data: press `o`.
// When the fake stops (offline, or it crashed), Session Desk keeps running from its cache.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ELECTRON_MISSING, electronBinaryPath } from './electron-binary.js';

const root = resolve(import.meta.dirname, '..');
const token = 'ocx_demo_token';
const children = [];
let stopping = false;

function stopAll(code) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}
process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

/**
 * Starts a child and resolves with the first stdout line matching `pattern`. `essential`: the
 * demo ends with it (the app); otherwise its end is reported and the demo goes on (the fake).
 */
function startAndWait(command, args, env, pattern, { essential }) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env } });
  children.push(child);
  child.stderr.pipe(process.stderr);
  child.once('exit', (code) => {
    if (stopping) return;
    if (essential) {
      console.error(`demo: ${args.join(' ')} stopped (exit ${code}).`);
      stopAll(code ?? 1);
    } else {
      relay.fakeGone = true;
      console.error(
        `demo: the fake OpenCX stopped (exit ${code}). Session Desk keeps running from its cache; restart the demo to bring the fake back.`,
      );
    }
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

/**
 * The switch between the app and the fake: relays TCP to the fake while online; offline, it
 * stops listening and cuts open connections, so the app sees exactly what it sees when OpenCX is
 * unreachable (connection refused).
 */
const relay = {
  server: null,
  port: 0,
  target: 0,
  online: false,
  fakeGone: false,
  sockets: new Set(),
  async goOnline() {
    const server = createServer((socket) => {
      const upstream = createConnection({ host: '127.0.0.1', port: relay.target });
      for (const end of [socket, upstream]) {
        relay.sockets.add(end);
        end.on('close', () => relay.sockets.delete(end));
        end.on('error', () => end.destroy());
      }
      socket.pipe(upstream).pipe(socket);
      socket.on('close', () => upstream.destroy());
      upstream.on('close', () => socket.destroy());
    });
    await new Promise((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(relay.port, '127.0.0.1', resolveListen);
    });
    relay.server = server;
    relay.port = server.address().port;
    relay.online = true;
  },
  async goOffline() {
    const server = relay.server;
    relay.server = null;
    relay.online = false;
    for (const socket of relay.sockets) socket.destroy();
    if (server) await new Promise((resolveClose) => server.close(() => resolveClose()));
  },
};

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
  { essential: false },
);
relay.target = Number(new URL(fakeUrl).port);
await relay.goOnline();
const switchedUrl = `http://127.0.0.1:${relay.port}`;

const dataDir = mkdtempSync(join(tmpdir(), 'session-desk-demo-'));
const appEnv = {
  OPENCX_BASE_URL: switchedUrl,
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
    stdio: ['ignore', 'inherit', 'inherit'],
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
    { essential: true },
  );
  console.log(`\nOpen ${url} in a browser. It syncs the fake account, then works offline too.`);
}

// Keys: o takes the fake OpenCX offline and back; q (or Ctrl-C) ends the demo. Without a
// terminal (piped stdin), the same letters followed by Enter.
console.log(
  `\nThe fake OpenCX is online (the app reaches it at ${switchedUrl}). Press o to take it offline and back, q to quit.`,
);
async function onKey(key) {
  if (key === 'q' || key === '\u0003') stopAll(0);
  if (key !== 'o') return;
  if (relay.fakeGone) {
    console.log('demo: the fake OpenCX has stopped; restart the demo to bring it back.');
  } else if (relay.online) {
    await relay.goOffline();
    console.log('demo: the fake OpenCX is now OFFLINE. Press o to bring it back.');
  } else {
    await relay.goOnline().catch((error) => console.error(`demo: ${error.message}`));
    console.log('demo: the fake OpenCX is ONLINE again. Press o to take it offline.');
  }
}
if (process.stdin.isTTY) {
  process.stdin.setRawMode(true);
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (key) => void onKey(key));
} else {
  createInterface({ input: process.stdin }).on('line', (line) => void onKey(line.trim()));
}
