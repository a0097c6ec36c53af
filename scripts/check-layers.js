#!/usr/bin/env node
// Enforces design.md's layer table, in the manner of VS Code's layering check: each folder may
// import only what its runtime allows. Run by `npm run lint`; prints every breach and exits 1.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** Layer of a repository-relative path, most specific first. */
const LAYERS = [
  ['src-main/engine/', 'engine'],
  ['src-main/electron/', 'electron-main'],
  ['src-main/index.ts', 'electron-main'],
  ['src-main/web/', 'web'],
  ['src-main/cli/', 'cli'],
  ['src-shared/', 'shared'],
  ['src-preload/', 'preload'],
  ['src-renderer/', 'renderer'],
  ['fake-opencx/', 'fake'],
];

/** What each layer may import from our own code (layer names) and from outside (predicates). */
const RULES = {
  shared: { ours: ['shared'], external: (spec) => spec === 'zod' },
  engine: { ours: ['shared', 'engine'], external: (spec) => !isElectron(spec) },
  'electron-main': { ours: ['shared', 'engine', 'electron-main'], external: () => true },
  web: { ours: ['shared', 'engine', 'web'], external: (spec) => !isElectron(spec) },
  cli: { ours: ['shared', 'engine', 'cli'], external: (spec) => !isElectron(spec) },
  preload: { ours: ['preload', 'shared'], external: (spec) => spec === 'electron' },
  renderer: {
    ours: ['renderer', 'shared'],
    external: (spec) => !spec.startsWith('node:') && !isElectron(spec),
  },
  fake: { ours: ['fake', 'shared'], external: (spec) => !isElectron(spec) },
};

const isElectron = (spec) => spec === 'electron' || spec.startsWith('electron/');

// Tests may reach across layers (an engine test starts the fake server), never into electron.
const TEST_FILE = /\.(test|spec)\.ts$/;

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC = /(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

function layerOf(path) {
  return LAYERS.find(([prefix]) => path === prefix || path.startsWith(prefix))?.[1] ?? null;
}

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|svelte|js)$/.test(name)) yield path;
  }
}

// None today: the renderer learns values from the engine, and types from src-shared.
const ALLOWED_RENDERER_RUNTIME = new Set();

const breaches = [];
for (const top of ['src-shared', 'src-main', 'src-preload', 'src-renderer', 'fake-opencx']) {
  for (const file of sourceFiles(join(root, top))) {
    const from = relative(root, file);
    const layer = layerOf(from);
    if (!layer) continue;
    const rule = RULES[layer];
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(IMPORT)].map((m) => ({ spec: m[3], typeOnly: !!m[2] }));
    imports.push(...[...text.matchAll(DYNAMIC)].map((m) => ({ spec: m[1], typeOnly: false })));
    for (const { spec, typeOnly } of imports) {
      if (spec.startsWith('.')) {
        const target = relative(root, resolve(dirname(file), spec));
        const targetLayer = layerOf(target) ?? layerOf(`${target}/`);
        if (TEST_FILE.test(from) && targetLayer !== 'electron-main') continue;
        if (targetLayer && !rule.ours.includes(targetLayer)) {
          breaches.push(`${from}: the ${layer} layer may not import ${target} (${targetLayer})`);
        } else if (layer === 'renderer' && targetLayer === 'shared' && !typeOnly) {
          const isTypeOnlyModule = /\.d\.ts$/.test(target);
          if (!isTypeOnlyModule && !ALLOWED_RENDERER_RUNTIME.has(target)) {
            breaches.push(`${from}: the renderer imports only types from src-shared (${spec})`);
          }
        }
      } else if (!rule.external(spec) && !(TEST_FILE.test(from) && !isElectron(spec))) {
        breaches.push(`${from}: the ${layer} layer may not import '${spec}'`);
      }
    }
  }
}

if (breaches.length) {
  console.error(`Layer check: ${breaches.length} breach(es) of design.md's layer table:`);
  for (const breach of breaches) console.error(`  ${breach}`);
  process.exit(1);
}
console.log('Layer check: every import respects design.md.');
