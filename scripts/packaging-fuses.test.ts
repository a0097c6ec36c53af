import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getCurrentFuseWire } from '@electron/fuses';
import { afterEach, describe, expect, it } from 'vitest';
// The real hook electron-builder runs (packaging/electron-builder.config.mjs → afterPack).
import afterPack from '../packaging/after-pack.mjs';
import { fuseConfig } from '../packaging/fuses.mjs';

// Fake Electron binaries carrying the fuse wire as @electron/fuses reads it: the ASCII sentinel,
// a version byte (1), a length byte, then one byte per fuse ('0' off, '1' on, 'r' removed).
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// The wire Electron ships with (read off a real 4x binary): RunAsNode on, cookie encryption off,
// NODE_OPTIONS on, --inspect on, asar integrity off, only-asar off, V8 snapshot off, file://
// privileges on, WasmTrapHandlers on.
const AS_SHIPPED = '101100011';

// What the installed app must have, fuse by fuse, written out here on purpose: a wrong setting
// in packaging/fuses.mjs fails this test instead of agreeing with itself.
const EXPECTED: [index: number, name: string, state: '0' | '1'][] = [
  [0, 'RunAsNode', '0'],
  [1, 'EnableCookieEncryption', '1'],
  [2, 'EnableNodeOptionsEnvironmentVariable', '0'],
  [3, 'EnableNodeCliInspectArguments', '0'],
  [4, 'EnableEmbeddedAsarIntegrityValidation', '1'],
  [5, 'OnlyLoadAppFromAsar', '1'],
  [6, 'LoadBrowserProcessSpecificV8Snapshot', '0'],
  [7, 'GrantFileProtocolExtraPrivileges', '0'],
  [8, 'WasmTrapHandlers (left as shipped)', '1'],
];

function wire(states: string, version = 1): Buffer {
  return Buffer.concat([
    Buffer.from(SENTINEL, 'ascii'),
    Buffer.from([version, states.length]),
    Buffer.from(states, 'ascii'),
  ]);
}

/** A binary: some code, the wire (twice for a universal macOS binary), more code. */
function fakeBinary(path: string, states = AS_SHIPPED, { slices = 1, version = 1 } = {}) {
  mkdirSync(dirname(path), { recursive: true });
  const parts = [Buffer.alloc(4096, 0xcc)];
  for (let slice = 0; slice < slices; slice++)
    parts.push(wire(states, version), Buffer.alloc(2048, 0x90));
  writeFileSync(path, Buffer.concat(parts), { mode: 0o755 });
}

/** Every wire in the file, read by hand (getCurrentFuseWire reads only the first). */
function wiresIn(path: string): string[] {
  const bytes = readFileSync(path);
  const found: string[] = [];
  for (let at = bytes.indexOf(SENTINEL); at !== -1; at = bytes.indexOf(SENTINEL, at + 1)) {
    const start = at + SENTINEL.length;
    found.push(bytes.subarray(start + 2, start + 2 + bytes[start + 1]!).toString('ascii'));
  }
  return found;
}

async function expectHardened(path: string) {
  const read = await getCurrentFuseWire(path);
  expect(read.version).toBe('1');
  for (const [index, name, state] of EXPECTED) {
    expect(String.fromCharCode((read as Record<number, number>)[index]!), name).toBe(state);
  }
}

/** The parts of electron-builder's AfterPackContext the hook reads. */
function context(appOutDir: string, electronPlatformName: string, arch = 1) {
  return {
    appOutDir,
    electronPlatformName,
    arch,
    outDir: dirname(appOutDir),
    targets: [],
    packager: { appInfo: { productFilename: 'Session Desk' }, executableName: 'session-desk' },
  };
}

const temporary: string[] = [];
function appOutDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fuses-'));
  temporary.push(dir);
  return join(dir, name);
}
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the afterPack hook flips the fuses', () => {
  it('in the Linux executable, named by linux.executableName', async () => {
    const out = appOutDir('linux-unpacked');
    fakeBinary(join(out, 'session-desk'));
    await afterPack(context(out, 'linux'));
    await expectHardened(join(out, 'session-desk'));
  });

  it('in the Windows executable, named after the product', async () => {
    const out = appOutDir('win-unpacked');
    fakeBinary(join(out, 'Session Desk.exe'));
    await afterPack(context(out, 'win32'));
    await expectHardened(join(out, 'Session Desk.exe'));
  });

  it("in the macOS app's Electron Framework", async () => {
    const out = appOutDir('mac');
    const framework = join(
      out,
      'Session Desk.app/Contents/Frameworks/Electron Framework.framework/Electron Framework',
    );
    fakeBinary(framework);
    await afterPack(context(out, 'darwin'));
    // Read through the .app, as the library finds the framework inside it.
    await expectHardened(join(out, 'Session Desk.app'));
  });

  it('in both halves of a universal macOS binary', async () => {
    const out = appOutDir('mac-universal');
    const framework = join(
      out,
      'Session Desk.app/Contents/Frameworks/Electron Framework.framework/Electron Framework',
    );
    fakeBinary(framework, AS_SHIPPED, { slices: 2 });
    // x64 here: for arm64 and universal the library re-signs ad hoc with codesign (macOS only).
    await afterPack(context(out, 'darwin', 1));
    const expected = EXPECTED.map(([, , state]) => state).join('');
    expect(wiresIn(framework)).toEqual([expected, expected]);
  });

  it('and re-signs ad hoc only where Apple silicon needs it', () => {
    const arm = (platform: string, arch: number) =>
      fuseConfig({ electronPlatformName: platform, arch }).resetAdHocDarwinSignature;
    expect([arm('darwin', 3), arm('darwin', 4), arm('darwin', 1), arm('linux', 3)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('the afterPack hook stops the build', () => {
  it('when Electron has a fuse nobody has decided about, and leaves the binary as it was', async () => {
    const out = appOutDir('linux-unpacked');
    fakeBinary(join(out, 'session-desk'), `${AS_SHIPPED}1`);
    const before = readFileSync(join(out, 'session-desk'));
    await expect(afterPack(context(out, 'linux'))).rejects.toThrow(/fuse\(s\) 9 .*not decided/);
    expect(readFileSync(join(out, 'session-desk')).equals(before)).toBe(true);
  });

  it('when a fuse it sets has been removed from this Electron', async () => {
    const out = appOutDir('linux-unpacked');
    fakeBinary(join(out, 'session-desk'), `r${AS_SHIPPED.slice(1)}`);
    await expect(afterPack(context(out, 'linux'))).rejects.toThrow(/no longer has RunAsNode/);
  });

  it('when the wire is of a version @electron/fuses 1.8 does not know', async () => {
    const out = appOutDir('linux-unpacked');
    fakeBinary(join(out, 'session-desk'), AS_SHIPPED, { version: 2 });
    await expect(afterPack(context(out, 'linux'))).rejects.toThrow(/version/);
  });

  it('when the executable has no fuse wire, or is not where the context says', async () => {
    const out = appOutDir('linux-unpacked');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'session-desk'), Buffer.alloc(1024));
    await expect(afterPack(context(out, 'linux'))).rejects.toThrow(/sentinel/);
    await expect(afterPack(context(out, 'win32'))).rejects.toThrow(/ENOENT/);
    await expect(afterPack(context(out, 'freebsd'))).rejects.toThrow(/no executable layout/);
  });
});
