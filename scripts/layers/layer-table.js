// design.md's layer table as data: which folder is which layer, which of our layers each may
// import, and which npm packages. Read by the ESLint rule in ./layer-imports-rule.js, which
// checks parsed imports (static, dynamic, require, type imports) in every linted file.

/** Layer of a repository-relative path, most specific prefix first. */
export const LAYER_OF_PATH = [
  ['src-main/engine/', 'engine'],
  ['src-main/electron/', 'electron-main'],
  ['src-main/index.ts', 'electron-main'],
  ['src-main/web/', 'web'],
  ['src-main/cli/', 'cli'],
  ['src-shared/', 'shared'],
  ['src-preload/', 'preload'],
  ['src-renderer/', 'renderer'],
  ['fake-opencx/', 'fake'],
  // Not layers of the app, but named so that the app's layers can be forbidden to import them.
  ['test-support/', 'test-support'],
  ['e2e/', 'e2e'],
  ['bench/', 'bench'],
  ['scripts/', 'scripts'],
];

const NODE_BUILTINS = 'node:*';

/**
 * For each layer: the layers of ours it may import, and the npm packages it may use (exact
 * names, `name/*` for subpaths, `node:*` for Node's built-ins). Anything not listed is refused.
 */
export const LAYER_RULES = {
  shared: { ours: ['shared'], packages: ['zod'] },
  engine: {
    ours: ['shared', 'engine'],
    // tsx only for engine-worker-from-source.mjs: Node 20 carries no --import loader into workers.
    packages: [
      NODE_BUILTINS,
      'zod',
      'better-sqlite3',
      'keytar',
      'csv-stringify',
      'csv-stringify/sync',
      'exceljs',
      'undici',
      'tsx/esm/api',
    ],
  },
  'electron-main': {
    ours: ['shared', 'engine', 'electron-main'],
    packages: [NODE_BUILTINS, 'zod', 'electron'],
  },
  web: {
    ours: ['shared', 'engine', 'web'],
    packages: [NODE_BUILTINS, 'zod', 'hono', 'hono/*', '@hono/node-server', '@hono/node-server/*'],
  },
  cli: { ours: ['shared', 'engine', 'cli'], packages: [NODE_BUILTINS, 'zod', 'better-sqlite3'] },
  preload: { ours: ['preload', 'shared'], packages: ['electron'] },
  renderer: {
    ours: ['renderer', 'shared'],
    packages: ['svelte', 'svelte/*', '@tanstack/svelte-virtual', 'uplot', 'uplot/*'],
  },
  fake: {
    ours: ['fake', 'shared'],
    packages: [NODE_BUILTINS, 'zod', 'hono', 'hono/*', '@hono/node-server', '@faker-js/faker'],
  },
};

/**
 * The renderer runs sandboxed in Chromium: from src-shared it takes types only, so no schema
 * code (zod) lands in the page. Plain-data modules listed here are the exceptions.
 */
export const RENDERER_RUNTIME_FROM_SHARED = [
  // The filter-field table: the panel builds its groups from it. Plain data, type-only imports.
  'src-shared/filter/filter-fields',
  // The page-size limits the contract enforces, so the list never asks for more. Plain numbers.
  'src-shared/filter/page-size',
  // Relative date ranges resolved as the engine resolves them, so chips and the chart's axis
  // name the same instants. Plain functions over Intl, type-only imports.
  'src-shared/filter/resolve-relative-range',
  // The export's formats and column catalogue, for the export dialog. Plain data and functions.
  'src-shared/export/export-catalogue',
  // The session list's column ids and width bounds, which the engine validates stored choices
  // against. Plain data and a type guard.
  'src-shared/contract/list-columns',
  // The contact's shown name, which the engine also keeps to sort the Contact column by. A plain
  // function, type-only imports.
  'src-shared/opencx/contact-label',
];

/** Test code may reach across layers (an engine test starts the fake server), never into Electron. */
export const TEST_FILE = /(\.(test|spec)\.[cm]?ts$)|(\/(testing|test-support)\/)/;
