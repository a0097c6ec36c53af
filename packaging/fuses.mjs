// Electron's fuses for the packaged app: switches compiled into the Electron binary that no
// command-line flag or environment variable can turn back. Flipped by the afterPack hook
// (packaging/after-pack.mjs) on the copied executable, before electron-builder signs it.
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';

/** What each fuse @electron/fuses 1.8 knows must be in the shipped app, by name. */
export const FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node.
  RunAsNode: false,
  // Cookies at rest encrypted with the OS key (the app keeps no cookies, but no reason not to).
  EnableCookieEncryption: true,
  // NODE_OPTIONS (--require, --inspect) would inject code into the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect / --inspect-brk on the command line would open a debugger on the main process.
  EnableNodeCliInspectArguments: false,
  // app.asar checked against the hash electron-builder embeds (Info.plist on macOS, a resource
  // in the .exe on Windows). Linux has no such validation; the fuse is inert there.
  EnableEmbeddedAsarIntegrityValidation: true,
  // Load the app only from app.asar, never from a loose resources/app folder dropped beside it.
  OnlyLoadAppFromAsar: true,
  // Stated, not inherited: the app ships no browser_v8_context_snapshot.bin to load.
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The page is served from app://, never file://, so file:// needs no extra privileges.
  GrantFileProtocolExtraPrivileges: false,
});

/**
 * Fuses past the eight @electron/fuses 1.8 can set (2.x, which names them, wants Node 22). They
 * keep the state Electron ships them in; listing them here records that someone looked. A fuse
 * found in the binary beyond this list stops the build: a new Electron added a switch nobody has
 * decided about yet. This is the job of strictlyRequireAllFuses, which 1.8 cannot do here: with
 * Electron 45's nine-fuse wire it would refuse every build, as 1.8 has no setting for the ninth.
 */
export const FUSES_LEFT_AS_SHIPPED = Object.freeze({
  8: 'WasmTrapHandlers (on as shipped: V8 traps out-of-bounds WebAssembly memory access)',
});

const FUSE_CHAR = { false: '0', true: '1' };

/** The @electron/fuses configuration for one packaging run. */
export function fuseConfig({ electronPlatformName, arch }) {
  const config = {
    version: FuseVersion.V1,
    // See FUSES_LEFT_AS_SHIPPED for why this stays off with @electron/fuses 1.8.
    strictlyRequireAllFuses: false,
    // Flipping bytes breaks the ad-hoc signature an arm64 Mac demands to launch anything; the
    // library re-signs ad hoc (codesign, macOS only). A real identity signs over it afterwards.
    resetAdHocDarwinSignature: electronPlatformName === 'darwin' && isArmMac(arch),
  };
  for (const [name, on] of Object.entries(FUSES)) config[FuseV1Options[name]] = on;
  return config;
}

// electron-builder's Arch enum (builder-util): arm64 = 3, universal = 4.
function isArmMac(arch) {
  return arch === 3 || arch === 4 || arch === 'arm64' || arch === 'universal';
}

/**
 * The file the fuses live in, from electron-builder's afterPack context: the renamed executable
 * on Linux and Windows, the .app on macOS (the library finds the Electron Framework inside it).
 */
export function electronExecutable({ appOutDir, electronPlatformName, packager }) {
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return join(appOutDir, packager.executableName);
    default:
      throw new Error(`fuses: no executable layout known for platform "${electronPlatformName}"`);
  }
}

/** Flips the fuses in the packaged executable, then reads them back and insists on each one. */
export async function flipAndVerifyFuses(context) {
  const executable = electronExecutable(context);
  const before = await getCurrentFuseWire(executable);
  const unknown = Object.keys(before)
    .filter((key) => key !== 'version')
    .map(Number)
    .filter((index) => FuseV1Options[index] === undefined && !(index in FUSES_LEFT_AS_SHIPPED));
  if (unknown.length > 0) {
    throw new Error(
      `fuses: ${executable} has fuse(s) ${unknown.join(', ')} that packaging/fuses.mjs has not ` +
        'decided about; read the Electron release notes and set or list them there',
    );
  }
  // @electron/fuses overwrites a removed fuse ('r') without effect and only warns: Electron no
  // longer honours that switch, which needs a person to look, not a build to carry on.
  const removed = Object.keys(FUSES).filter(
    (name) => before[FuseV1Options[name]] === 'r'.charCodeAt(0),
  );
  if (removed.length > 0) {
    throw new Error(
      `fuses: ${executable} no longer has ${removed.join(', ')} (marked removed); review ` +
        'packaging/fuses.mjs against the Electron release notes',
    );
  }
  await flipFuses(executable, fuseConfig(context));
  const after = await getCurrentFuseWire(executable);
  const wrong = Object.entries(FUSES).filter(
    ([name, on]) => after[FuseV1Options[name]] !== FUSE_CHAR[on].charCodeAt(0),
  );
  if (wrong.length > 0) {
    const found = wrong.map(([name]) => {
      const state = after[FuseV1Options[name]];
      return `${name}=${state === undefined ? 'missing' : String.fromCharCode(state)}`;
    });
    throw new Error(`fuses: ${executable} did not take the settings (${found.join(', ')})`);
  }
  return { executable, wire: after };
}
