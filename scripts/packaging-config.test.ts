import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import config from '../packaging/electron-builder.config.mjs';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const typed = config as Configuration;

/** electron-builder's own JSON schema for its configuration, with the options it validates by. */
let compiled: ReturnType<Ajv['compile']> | undefined;
function validator() {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  compiled = ajv.compile(schema);
  return compiled;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('ascii'), path).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('the electron-builder configuration', () => {
  it("passes electron-builder's JSON schema", () => {
    const validate = validator();
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('would be refused by that schema if it were wrong (the check is real)', () => {
    const validate = validator();
    expect(validate({ ...config, asarUnpak: ['**/*.node'] })).toBe(false);
    expect(validate({ ...config, asar: 'yes please' })).toBe(false);
  });

  it('names the app, its id and where the build resources are', () => {
    expect(typed).toMatchObject({
      appId: 'cx.open.sessiondesk',
      productName: 'Session Desk',
      directories: { output: 'dist', buildResources: 'build' },
    });
    expect(typed.linux?.executableName).toBe('session-desk');
  });

  it('builds AppImage and deb, a universal dmg, and an NSIS installer', () => {
    expect(typed.linux?.target).toEqual(['AppImage', 'deb']);
    expect(typed.mac?.target).toEqual([{ target: 'dmg', arch: ['universal'] }]);
    expect(typed.win?.target).toEqual(['nsis']);
  });

  it('packs the app into app.asar with the native modules outside it', () => {
    expect(typed.asar).toBe(true);
    expect(typed.asarUnpack).toEqual([
      '**/node_modules/better-sqlite3/build/Release/*.node',
      '**/node_modules/keytar/build/Release/*.node',
    ]);
    expect(typed.disableAsarIntegrity).toBeUndefined();
  });

  it('leaves native builds to scripts/native-abi.js: electron-builder never rebuilds', () => {
    expect(typed.npmRebuild).toBe(false);
    expect(typed.nodeGypRebuild).toBe(false);
    const dist = readFileSync(join(root, 'scripts/dist.js'), 'utf8');
    expect(dist).toMatch(
      /runNode\(\[TOOLS\.nativeAbi, 'electron'\]\)[\s\S]*TOOLS\.electronBuilder/,
    );
    expect(dist).toMatch(/finally \{[\s\S]*runNode\(\[TOOLS\.nativeAbi, 'node'\]\)/);
  });

  it('flips the fuses in its own afterPack hook, not a second time through electronFuses', async () => {
    expect(typed.afterPack).toBe('./packaging/after-pack.mjs');
    expect(typed.electronFuses).toBeUndefined();
    const hook = await import(pathToFileURL(join(root, typed.afterPack as string)).href);
    expect(typeof hook.default).toBe('function');
  });

  it('ships the built app only: no web host, no CLI, no source maps, no native build leftovers', () => {
    expect(typed.files).toEqual(
      expect.arrayContaining([
        'package.json',
        'out/main/**',
        'out/preload/**',
        'out/renderer/**',
        '!out/main/web.js',
        '!out/main/cli.js',
        '!**/*.map',
      ]),
    );
  });

  it('claims no URL scheme or file type and publishes no update feed', () => {
    for (const section of [typed, typed.mac, typed.linux, typed.win]) {
      expect(section?.protocols).toBeUndefined();
      expect(section?.fileAssociations).toBeUndefined();
    }
    expect(typed.publish).toBeNull();
  });

  it('keeps the user data when the app is uninstalled on Windows', () => {
    expect(typed.nsis?.deleteAppDataOnUninstall).toBe(false);
  });

  it('has its icons, rendered from build/icon.svg', () => {
    expect(existsSync(join(root, 'build/icon.svg'))).toBe(true);
    expect(pngSize(join(root, 'build/icon.png'))).toEqual([1024, 1024]);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(join(root, `build/icons/${size}x${size}.png`))).toEqual([size, size]);
    }
    expect(typed.linux?.icon).toBe('build/icons');
  });
});

describe('npm run dist', () => {
  it('is wired in package.json', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
    expect(scripts.dist).toBe('node scripts/dist.js');
  });
});
