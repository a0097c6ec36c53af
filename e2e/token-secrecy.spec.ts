import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startFakeOpencx, type FakeOpencx } from '../fake-opencx/server';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

// Issue 5: the API token never reaches the renderer, the cache, logs or crash output.

const TOKEN = `ocx_live_secret_${Date.now().toString(36)}_do_not_leak`;

let fake: FakeOpencx;
let host: WebHostProcess;

test.beforeAll(async () => {
  fake = await startFakeOpencx({ seed: 31, sessions: 150, token: TOKEN });
  host = await startWebHostProcess({ account: { baseUrl: fake.url, token: TOKEN } });
});

test.afterAll(async () => {
  await host?.stop();
  await fake?.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('after a sync, the token is in no page response, no file of the data folder and no log line', async ({
  page,
}) => {
  const bodies: string[] = [];
  page.on('response', (response) => {
    void response
      .text()
      .then((text) => bodies.push(text))
      .catch(() => undefined);
  });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('session-count')).toHaveText('150 sessions');
  await page.getByRole('combobox', { name: 'Account' }).focus();
  await page.getByRole('checkbox', { name: 'Open' }).check();
  await page.getByRole('checkbox', { name: 'Open' }).uncheck();

  expect(bodies.length).toBeGreaterThan(5);
  for (const body of bodies) expect(body).not.toContain(TOKEN);
  expect(await page.content()).not.toContain(TOKEN);

  const files = filesUnder(host.dataDir);
  expect(files.some((file) => file.endsWith('cache.db'))).toBe(true);
  for (const file of files) {
    expect(readFileSync(file).includes(TOKEN), file).toBe(false);
  }
  expect(host.output()).not.toContain(TOKEN);
});
