import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_ELECTRON_TO_PACKAGE, TOOLS, downloadFailure } from './dist.js';
import { electronBinaryPath } from './electron-binary.js';

const root = resolve(import.meta.dirname, '..');

// electron-builder 26.17's output on this machine (no route to github.com), trimmed.
const APPIMAGE_TOOLS_UNREACHABLE = `  • electron-builder  version=26.17.0 os=6.18.44
  • loaded configuration  file=/work/main/packaging/electron-builder.config.mjs
  • skipped dependencies rebuild  reason=npmRebuild is set to false
  • packaging       platform=linux arch=x64 electron=45.4.1 appOutDir=/tmp/out/linux-unpacked
  • fuses flipped  executable=/tmp/out/linux-unpacked/session-desk
  • building        target=AppImage arch=x64 file=/tmp/out/Session Desk-0.1.0-x86_64.AppImage
  ⨯ failed to build AppImage  error=getaddrinfo ENOTFOUND github.com
  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build stackTrace=RequestError: getaddrinfo ENOTFOUND github.com
    at ClientRequest.<anonymous> (/work/main/node_modules/got/dist/source/core/index.js:970:111)`;
const ELECTRON_ZIP_UNREACHABLE = `  • electron-builder  version=26.17.0 os=6.18.44
  • loaded configuration  file=/work/main/packaging/electron-builder.config.mjs
  • skipped dependencies rebuild  reason=npmRebuild is set to false
  • packaging       platform=linux arch=x64 electron=45.4.1 appOutDir=/tmp/out/linux-unpacked
  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build stackTrace=RequestError: getaddrinfo ENOTFOUND github.com
    at ClientRequest.<anonymous> (/work/main/node_modules/got/dist/source/core/index.js:970:111)`;

describe('npm run dist', () => {
  it.skipIf(electronBinaryPath() !== null)(
    'says in one sentence that it cannot package here, and exits 1 before building anything',
    () => {
      const run = spawnSync(process.execPath, [join(root, 'scripts/dist.js')], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim()).toBe(NO_ELECTRON_TO_PACKAGE);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(NO_ELECTRON_TO_PACKAGE.match(/[.!?](\s|$)/g)).toHaveLength(1);
    },
  );

  it('finds electron-vite, electron-builder and native-abi.js where it starts them', () => {
    for (const [name, path] of Object.entries(TOOLS)) expect(existsSync(path), name).toBe(true);
  });

  it("turns electron-builder's failed download of a target's tools into one sentence", () => {
    expect(downloadFailure(APPIMAGE_TOOLS_UNREACHABLE, '45.4.1')).toBe(
      'npm run dist stopped: electron-builder could not download the AppImage packaging tools ' +
        'from github.com (ENOTFOUND), so no installer was built; run it on a machine that can ' +
        'reach github.com.',
    );
  });

  it("turns electron-builder's failed download of the Electron zip into one sentence", () => {
    expect(downloadFailure(ELECTRON_ZIP_UNREACHABLE, '45.4.1')).toMatch(
      /^npm run dist stopped: electron-builder could not download the Electron 45\.4\.1 zip from github\.com \(.+\), so no installer was built; .*\.$/,
    );
  });

  it('leaves other failures to electron-builder’s own message', () => {
    expect(
      downloadFailure('  ⨯ Application entry file "out/main/index.js" does not exist'),
    ).toBeNull();
    expect(downloadFailure('')).toBeNull();
  });
});
