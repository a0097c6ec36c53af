import { defineConfig } from '@playwright/test';
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
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
