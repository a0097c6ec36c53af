import { expect, test } from '@playwright/test';
import { startFakeOpencx, type FakeOpencx } from '../fake-opencx/server';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

// A first-time user: no account yet, adds one in the page, and works in it.

let fake: FakeOpencx;
let host: WebHostProcess;

test.beforeAll(async () => {
  fake = await startFakeOpencx({ seed: 21, sessions: 120 });
  host = await startWebHostProcess({});
});

test.afterAll(async () => {
  await host?.stop();
  await fake?.close();
});

test('a first-time user adds an account, is told when a key is rejected, and syncs with a good one', async ({
  page,
}) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Session Desk' })).toBeVisible();

  const form = page.getByRole('form', { name: 'Add an OpenCX account' });
  await form.getByLabel('Name').fill('Acme support');
  await form.getByLabel('API base URL').fill(fake.url);
  await form.getByLabel('API key').fill('ocx_live_wrong_key');
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(form.getByRole('alert')).toHaveText('OpenCX rejected the API key.');

  await form.getByLabel('API key').fill(fake.token);
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('combobox', { name: 'Account' })).toHaveValue(/^acme-support-/);

  // The default scope syncs the last 90 days first; the fake's sessions go back further, and
  // the background backfill brings in the rest with spare budget.
  const all = fake.truth().sessions;
  const recent = all.filter(
    (entry) => Date.parse(entry.session.created_at) >= Date.now() - 90 * 24 * 3600_000,
  );
  expect(recent.length).toBeLessThan(all.length);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('last-synced')).toContainText('Last synced');
  await expect(page.getByTestId('session-count')).toHaveText(`${all.length} sessions`, {
    timeout: 20_000,
  });
  await expect(page.getByTestId('connectivity')).toHaveText('Online');
});
