#!/usr/bin/env node
// Renders build/icon.svg, the one source image, into the PNGs electron-builder reads from build/:
// icon.png (1024×1024; electron-builder turns it into the macOS .icns and the Windows .ico) and
// icons/<n>x<n>.png for Linux. Uses Debian's Chromium through Playwright, as the e2e tests do.
// Run after changing the SVG, and commit the PNGs:  node packaging/make-icons.mjs
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { debianChromium } from '../scripts/debian-chromium.js';

const root = resolve(import.meta.dirname, '..');
const build = join(root, 'build');
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const svg = await readFile(join(build, 'icon.svg'), 'utf8');
const browser = await chromium.launch(debianChromium);
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const render = async (size) => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
    );
    return page.screenshot({
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
  };
  await writeFile(join(build, 'icon.png'), await render(1024));
  await mkdir(join(build, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) {
    await writeFile(join(build, 'icons', `${size}x${size}.png`), await render(size));
  }
  console.log(`make-icons: build/icon.png and ${LINUX_SIZES.length} Linux sizes in build/icons/`);
} finally {
  await browser.close();
}
