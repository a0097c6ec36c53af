import { defineConfig } from '@playwright/test';
import { debianChromium } from './scripts/debian-chromium';
import { ELECTRON_MISSING, electronBinaryPath } from './scripts/electron-binary';

// Said once, by the runner (workers load this file too): why the Electron specs will skip.
if (!process.env.TEST_WORKER_INDEX && !electronBinaryPath()) {
  console.log(`Electron e2e specs will be reported as skipped: ${ELECTRON_MISSING}.`);
}

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    launchOptions: debianChromium,
  },
});
