// How every tool here launches Debian's Chromium through Playwright (the e2e suite, the UI
// benchmark, the icon renderer): its path, and the flags a headless run on a shared CI machine
// needs (no sandbox, no GPU, no shared-memory limits, no background traffic).
export const debianChromium = {
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
};
