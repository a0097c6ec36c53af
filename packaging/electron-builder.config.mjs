// electron-builder's configuration for Session Desk's installers. Run through `npm run dist`
// (scripts/dist.js), which puts the Electron build of better-sqlite3 in place first and the Node
// one back afterwards; electron-builder itself never rebuilds native modules (npmRebuild: false).

// Who publishes the packages: Debian's Maintainer field and the project page it links. These are
// placeholders (.invalid cannot receive mail); set the real ones before publishing a release.
const PUBLISHER = {
  name: 'Session Desk maintainers',
  email: 'session-desk@example.invalid',
  homepage: 'https://open.cx/',
};

// The two native modules: their .node files must live outside app.asar (the OS loads them from
// disk), and the sources and intermediate objects of their from-source builds stay out entirely.
const NATIVE = '{better-sqlite3,keytar}';

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'cx.open.sessiondesk',
  productName: 'Session Desk',
  copyright: `Copyright © ${new Date().getFullYear()} ${PUBLISHER.name}`,
  directories: { output: 'dist', buildResources: 'build' },
  extraMetadata: {
    // Electron names the app (menus, the userData folder) after productName, else name.
    productName: 'Session Desk',
    homepage: PUBLISHER.homepage,
    // Electron takes its Linux app_id / WM_CLASS from desktopName, so the running window belongs
    // to the installed .desktop entry (linux.syncDesktopName names that file to match).
    desktopName: 'session-desk.desktop',
    author: { name: PUBLISHER.name, email: PUBLISHER.email },
  },
  files: [
    'package.json',
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    // The web host and the CLI run under plain Node from a source checkout, not in the app.
    '!out/main/web.js',
    '!out/main/cli.js',
    '!**/*.map',
    `!**/node_modules/${NATIVE}/{src,deps}/**`,
    `!**/node_modules/${NATIVE}/build/{Makefile,*.mk,config.gypi,deps/**}`,
    `!**/node_modules/${NATIVE}/build/Release/{obj/**,obj.target/**,.deps/**,*.a,test_extension.node}`,
  ],
  asar: true,
  asarUnpack: [
    '**/node_modules/better-sqlite3/build/Release/*.node',
    '**/node_modules/keytar/build/Release/*.node',
  ],
  // scripts/native-abi.js decides which build of better-sqlite3 is in node_modules; rebuilding
  // here would replace the Node build the tests need, behind that script's back.
  npmRebuild: false,
  nodeGypRebuild: false,
  // Fuses are flipped by our own hook with @electron/fuses 1.8, not by electronFuses (which would
  // flip them a second time, with electron-builder's copy of the library).
  afterPack: './packaging/after-pack.mjs',
  // Auto-update is out of scope: no update feed, nothing published, no app-update.yml.
  publish: null,

  linux: {
    target: ['AppImage', 'deb'],
    executableName: 'session-desk',
    category: 'Office',
    icon: 'build/icons',
    synopsis: 'Offline-first workspace for OpenCX chat sessions',
    description:
      'Review, filter and export OpenCX chat sessions from a local cache, online or offline.',
    maintainer: `${PUBLISHER.name} <${PUBLISHER.email}>`,
    syncDesktopName: true,
  },
  // deb: electron-builder's default Depends already lists libsecret-1-0, which keytar needs to
  // reach the desktop keyring (GNOME Keyring, KWallet).
  // File names without spaces: session-desk-0.1.0-x86_64.AppImage, session-desk_0.1.0_amd64.deb.
  appImage: { artifactName: '${name}-${version}-${arch}.${ext}' },

  mac: {
    // One dmg for Intel and Apple silicon. The native modules must then be universal too:
    // scripts/dist.js makes them so on a Mac before electron-builder runs.
    target: [{ target: 'dmg', arch: ['universal'] }],
    category: 'public.app-category.business',
    hardenedRuntime: true,
  },
  dmg: { artifactName: '${name}-${version}-universal.${ext}' },

  win: {
    target: ['nsis'],
  },
  nsis: {
    // An assisted installer: per-user by default, per-machine when an administrator chooses it;
    // /S installs silently, /allusers for every user (for deployment tools).
    oneClick: false,
    perMachine: false,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    // Uninstalling keeps the user's cache and accounts; the README says how to remove them.
    deleteAppDataOnUninstall: false,
    shortcutName: 'Session Desk',
    artifactName: '${name}-setup-${version}.${ext}',
  },
};

export default config;
