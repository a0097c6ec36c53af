import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on the two-core CI machine, where
    // the unit tests then took 7.1 min. Many of them wait on processes they start (the CLI, the
    // fake server), so two workers there took 5.1 min, all passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'src-shared/**/*.test.ts',
            'src-main/**/*.test.ts',
            'src-preload/**/*.test.ts',
            'fake-opencx/**/*.test.ts',
            'scripts/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // The CLI's tests run the built command: rebuild first if the sources are newer.
          globalSetup: ['scripts/fresh-build.ts'],
        },
      },
      {
        plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') })],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['src-renderer/**/*.test.ts'],
        },
      },
    ],
  },
});
