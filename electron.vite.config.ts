import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        // One bundle set for every plain-Node entry too: the web host, the CLI and the engine
        // worker import nothing from electron, so they run under plain Node from the same build.
        input: {
          index: resolve(root, 'src-main/index.ts'),
          web: resolve(root, 'src-main/web/index.ts'),
          cli: resolve(root, 'src-main/cli/index.ts'),
          'engine-worker': resolve(root, 'src-main/engine/worker/engine-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load modules: one CommonJS file that requires only electron.
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') })],
    build: {
      // electron-vite leaves every bundle unminified; the page's is parsed and compiled at each
      // start before the first list can be asked for, so it is shipped minified.
      minify: true,
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});
