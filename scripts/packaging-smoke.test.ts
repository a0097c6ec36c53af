import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The real electron-builder, with the real configuration, packing the real built app into the
// unpacked Linux layout (`--linux dir`, which needs no download). The one thing faked is the
// Electron distribution it copies (electronDist): an executable carrying only the fuse wire, as
// the Electron binary cannot be downloaded here. Installers (AppImage, deb, dmg, NSIS) are not
// built: each needs tools electron-builder downloads.

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
let work: string;
let app: string;
let run: ReturnType<typeof spawnSync>;
let asarFiles: string[];

describe.runIf(process.platform === 'linux')('electron-builder --linux dir (fake Electron)', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'out/main/index.js')))
      throw new Error('Build first: npx electron-vite build');
    work = mkdtempSync(join(tmpdir(), 'packaging-smoke-'));
    const fakeElectron = join(work, 'electron-dist');
    mkdirSync(join(fakeElectron, 'resources'), { recursive: true });
    writeFileSync(
      join(fakeElectron, 'electron'),
      Buffer.concat([
        Buffer.alloc(4096, 0xcc),
        Buffer.from(SENTINEL, 'ascii'),
        Buffer.from([1, 9]),
        Buffer.from('101100011', 'ascii'),
        Buffer.alloc(1024, 0x90),
      ]),
      { mode: 0o755 },
    );
    writeFileSync(join(fakeElectron, 'LICENSE'), 'Electron licence stand-in\n');
    run = spawnSync(
      process.execPath,
      [
        require.resolve('electron-builder/cli.js'),
        '--linux',
        'dir',
        '--config',
        'packaging/electron-builder.config.mjs',
        '--publish',
        'never',
        `-c.electronDist=${fakeElectron}`,
        `-c.directories.output=${join(work, 'dist')}`,
      ],
      { cwd: root, encoding: 'utf8', timeout: 240_000 },
    );
    app = join(work, 'dist', 'linux-unpacked');
    if (run.status === 0) {
      const asar = require('@electron/asar') as { listPackage(path: string): string[] };
      asarFiles = asar
        .listPackage(join(app, 'resources', 'app.asar'))
        .map((file) => file.replaceAll('\\', '/'));
    }
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs without errors, running our afterPack hook', () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('fuses flipped');
  });

  it('flips the fuses of the executable it names session-desk', async () => {
    const wire = (await getCurrentFuseWire(join(app, 'session-desk'))) as Record<number, number>;
    const states = Array.from({ length: 9 }, (_, index) => String.fromCharCode(wire[index]!));
    expect(states.join('')).toBe('010011001');
  });

  it('puts the built main, preload, renderer and package.json into app.asar', () => {
    for (const file of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/engine-worker.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/node_modules/better-sqlite3/lib/index.js',
      '/node_modules/zod/package.json',
    ]) {
      expect(asarFiles, file).toContain(file);
    }
    const packaged = JSON.parse(
      (require('@electron/asar') as { extractFile(a: string, f: string): Buffer })
        .extractFile(join(app, 'resources', 'app.asar'), 'package.json')
        .toString(),
    );
    expect(packaged).toMatchObject({
      name: 'session-desk',
      main: './out/main/index.js',
      productName: 'Session Desk',
      desktopName: 'session-desk.desktop',
    });
    expect(packaged.devDependencies).toBeUndefined();
  });

  it('leaves out the web host, the CLI, dev dependencies and the native build leftovers', () => {
    for (const file of ['/out/main/web.js', '/out/main/cli.js'])
      expect(asarFiles, file).not.toContain(file);
    const leftovers = asarFiles.filter((file) =>
      /node_modules\/(better-sqlite3|keytar)\/(src|deps|build\/Release\/(obj|obj\.target|\.deps))\/|\.a$|test_extension\.node$|\.map$/.test(
        file,
      ),
    );
    expect(leftovers).toEqual([]);
    for (const dev of ['electron', 'vitest', 'electron-builder', '@electron/fuses', 'svelte'])
      expect(asarFiles, dev).not.toContain(`/node_modules/${dev}`);
  });

  it("unpacks better-sqlite3's and keytar's .node files, byte for byte the ones in place", () => {
    for (const file of [
      'better-sqlite3/build/Release/better_sqlite3.node',
      'keytar/build/Release/keytar.node',
    ]) {
      const unpacked = join(app, 'resources', 'app.asar.unpacked', 'node_modules', file);
      expect(existsSync(unpacked), file).toBe(true);
      // Whatever scripts/native-abi.js put in node_modules is what ships (npm run dist puts the
      // Electron build there first; here it is the Node build the tests use).
      expect(
        readFileSync(unpacked).equals(readFileSync(join(root, 'node_modules', file))),
        file,
      ).toBe(true);
    }
  });
});
