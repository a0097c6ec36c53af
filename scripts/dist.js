#!/usr/bin/env node
// npm run dist: Session Desk's installers for the OS this runs on (Linux: AppImage and deb; macOS:
// a universal dmg; Windows: an NSIS installer), in dist/. Extra arguments go to electron-builder,
// e.g. `npm run dist -- --dir` for the unpacked app only.
//
// The packaged app needs better-sqlite3 built for Electron while the tests need it built for
// Node; scripts/native-abi.js decides which is in place, so this puts the Electron build in
// before electron-builder (which never rebuilds: npmRebuild is false) and the Node build back
// afterwards, whatever happened in between.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ELECTRON_MISSING, electronBinaryPath } from './electron-binary.js';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
export const CONFIG = 'packaging/electron-builder.config.mjs';

/** The programs this runs, by path, started with this Node (no npm/.cmd shims, so Windows works). */
export const TOOLS = {
  // electron-vite's package exports do not include its bin; npm installs it at the root.
  electronVite: join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
  electronBuilder: require.resolve('electron-builder/cli.js'),
  nativeAbi: join(root, 'scripts', 'native-abi.js'),
};

/** Said when there is no Electron binary: one sentence, then exit 1. */
export const NO_ELECTRON_TO_PACKAGE = `${ELECTRON_MISSING} nor be packaged; run npm run dist on a machine that can download Electron and electron-builder's tools from github.com.`;

const NETWORK_ERROR =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)\b|getaddrinfo|socket hang up|cannot download|download failed|status code (403|404|5\d\d)/i;

/**
 * When electron-builder failed for want of a download, one sentence saying what it was fetching
 * and why it failed; otherwise null (its own output already says what went wrong).
 */
export function downloadFailure(output, electronVersion = '') {
  const lines = output.split(/\r?\n/);
  const failed = lines.findIndex((line) => /⨯|\berror\b/i.test(line) && NETWORK_ERROR.test(line));
  if (failed === -1) return null;
  const cause =
    /\b(E[A-Z]{3,}|[A-Z_]*CERT[A-Z_]*)\b/.exec(lines[failed])?.[0] ??
    NETWORK_ERROR.exec(lines[failed])?.[0];
  const host = /(?:getaddrinfo \w+|https?:\/\/)\s*([a-z0-9.-]+\.[a-z]{2,})/i.exec(lines[failed]);
  const target = lines
    .slice(0, failed)
    .reverse()
    .map((line) => /building\s+target=(\S+)/.exec(line)?.[1])
    .find(Boolean);
  const what = target
    ? `the ${target} packaging tools`
    : `the Electron ${electronVersion ? `${electronVersion} ` : ''}zip`;
  const where = host ? ` from ${host[1]}` : '';
  return `npm run dist stopped: electron-builder could not download ${what}${where} (${cause}), so no installer was built; run it on a machine that can reach github.com.`;
}

/** Runs a command with its output passed through, and keeps that output to read afterwards. */
function runTee(command, args) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: ['inherit', 'pipe', 'pipe'] });
    let kept = '';
    const keep = (stream, out) =>
      stream.on('data', (chunk) => {
        out.write(chunk);
        kept = (kept + chunk.toString()).slice(-256 * 1024);
      });
    keep(child.stdout, process.stdout);
    keep(child.stderr, process.stderr);
    child.on('error', (error) => done({ status: 1, output: `${kept}\n${error.message}` }));
    child.on('close', (status) => done({ status: status ?? 1, output: kept }));
  });
}

function runNode(args, env = {}) {
  return spawnSync(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  }).status;
}

function packageFile(name, file) {
  return join(dirname(require.resolve(`${name}/package.json`)), file);
}

/**
 * macOS builds one dmg for both Intel and Apple silicon, so each native module must carry both
 * architectures: native-abi.js builds for this Mac's own, this adds the other with lipo.
 * (@electron/universal refuses a .node that is the same single-arch file in both halves.)
 */
function makeNativeModulesUniversal(electronVersion) {
  const other = process.arch === 'arm64' ? 'x64' : 'arm64';
  const modules = [
    {
      name: 'better-sqlite3',
      binary: packageFile('better-sqlite3', 'build/Release/better_sqlite3.node'),
      env: {
        npm_config_runtime: 'electron',
        npm_config_target: electronVersion,
        npm_config_disturl: 'https://electronjs.org/headers',
        npm_config_nodedir: '',
      },
    },
    // keytar uses N-API: one build serves Node and Electron, only the architecture matters.
    { name: 'keytar', binary: packageFile('keytar', 'build/Release/keytar.node'), env: {} },
  ];
  for (const { name, binary, env } of modules) {
    const archs = spawnSync('lipo', ['-archs', binary], { encoding: 'utf8' }).stdout ?? '';
    if (/x86_64/.test(archs) && /arm64/.test(archs)) continue;
    const aside = mkdtempSync(join(tmpdir(), 'session-desk-dist-'));
    try {
      copyFileSync(binary, join(aside, 'own.node'));
      console.log(`dist: building ${name} for ${other} too (a universal app needs both)…`);
      const built = spawnSync('npm', ['rebuild', name], {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, ...env, npm_config_arch: other, npm_config_target_arch: other },
      });
      if (built.status !== 0) throw new Error(`building ${name} for ${other} failed`);
      copyFileSync(binary, join(aside, 'other.node'));
      const lipo = spawnSync(
        'lipo',
        ['-create', join(aside, 'own.node'), join(aside, 'other.node'), '-output', binary],
        { stdio: 'inherit' },
      );
      if (lipo.status !== 0) throw new Error(`lipo could not join the ${name} builds`);
    } finally {
      rmSync(aside, { recursive: true, force: true });
    }
  }
}

async function main(extraArgs) {
  if (!electronBinaryPath()) {
    console.error(NO_ELECTRON_TO_PACKAGE);
    return 1;
  }
  const electronVersion = JSON.parse(
    readFileSync(require.resolve('electron/package.json'), 'utf8'),
  ).version;

  if (runNode([TOOLS.electronVite, 'build']) !== 0) return 1;
  if (runNode([TOOLS.nativeAbi, 'electron']) !== 0) return 1;
  try {
    if (process.platform === 'darwin') makeNativeModulesUniversal(electronVersion);
    const { status, output } = await runTee(process.execPath, [
      TOOLS.electronBuilder,
      '--config',
      CONFIG,
      '--publish',
      'never',
      ...extraArgs,
    ]);
    if (status === 0) return 0;
    const sentence = downloadFailure(output, electronVersion);
    if (sentence) console.error(`\n${sentence}`);
    return status || 1;
  } catch (error) {
    console.error(`npm run dist stopped: ${error instanceof Error ? error.message : error}.`);
    return 1;
  } finally {
    // Back to the build the tests, the CLI and the web host load.
    if (runNode([TOOLS.nativeAbi, 'node']) !== 0) {
      console.error(
        'dist: could not put the Node build of better-sqlite3 back; run npm run native:node.',
      );
      process.exitCode = 1;
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const code = await main(process.argv.slice(2));
  process.exitCode = process.exitCode || code;
}
