import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { AccountsState } from '../src-shared/contract/results';
import type { ListColumnPrefs } from '../src-shared/contract/list-columns';
import { startFakeOpencx, type FakeOpencx } from '../fake-opencx/server';
import { callHost } from './support/filter-page';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

// The list's columns are remembered per account by the engine (user database), not by the page:
// a reload keeps them, and so does a web host started again on another port, whose page is
// another origin with its own, empty, storage.

let fake: FakeOpencx;
const dataDirs: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fake = await startFakeOpencx({ seed: 13, sessions: 120, rateLimit: false });
});

test.afterAll(async () => {
  await fake?.close();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'session-desk-columns-'));
  dataDirs.push(dir);
  return dir;
}

function startHost(dir: string): Promise<WebHostProcess> {
  return startWebHostProcess({
    account: { baseUrl: fake.url, token: fake.token },
    dataDir: dir,
    extraArgs: ['--requests-per-minute', '6000'],
  });
}

const headers = (page: Page) =>
  page
    .getByTestId('session-grid')
    .getByRole('columnheader')
    .evaluateAll((cells) => cells.map((c) => c.textContent?.trim()));
const widthOf = async (page: Page, name: string) =>
  (await page
    .getByTestId('session-grid')
    .getByRole('columnheader', { name, exact: true })
    .boundingBox())!.width;

async function openSynced(page: Page, host: WebHostProcess): Promise<void> {
  await page.goto(host.url);
  const count = page.getByTestId('session-count');
  // The engine worker starts with the host: on two busy cores, the first answer takes a while.
  await expect(count).toBeVisible({ timeout: 30_000 });
  if ((await count.textContent()) !== '120 sessions') {
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(count).toHaveText('120 sessions', { timeout: 30_000 });
  }
  await expect(page.getByTestId('session-row').first()).toBeVisible({ timeout: 30_000 });
}

test('columns chosen, moved and resized are kept across a reload and a web host restarted on another port', async ({
  page,
}) => {
  const dir = dataDir();
  const first = await startHost(dir);
  let before: (string | undefined)[];
  let contactWidth: number;
  try {
    await openSynced(page, first);
    await page.getByRole('button', { name: 'Columns' }).click();
    const dialog = page.getByRole('dialog', { name: 'Columns' });
    await dialog.getByRole('checkbox', { name: 'Channel' }).uncheck();
    await dialog.getByRole('checkbox', { name: 'Team' }).check();
    await dialog.getByRole('button', { name: 'Move Status up' }).click();
    await dialog.getByRole('spinbutton', { name: 'Contact width' }).fill('260');
    await dialog.getByRole('spinbutton', { name: 'Contact width' }).press('Tab');
    await dialog.getByRole('button', { name: 'Done' }).click();
    before = await headers(page);
    expect(before).not.toContain('Channel');
    expect(before).toContain('Team');
    expect(before.indexOf('Status')).toBeLessThan(before.indexOf('Contact'));
    contactWidth = await widthOf(page, 'Contact');
    expect(contactWidth).toBeCloseTo(260, 0);

    await page.reload();
    await expect(page.getByTestId('session-row').first()).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => headers(page)).toEqual(before);
    expect(await widthOf(page, 'Contact')).toBeCloseTo(contactWidth, 0);
  } finally {
    await first.stop();
  }

  const second = await startHost(dir);
  try {
    // Another port is another origin: nothing of the first page's storage is visible here.
    expect(new URL(second.url).origin).not.toBe(new URL(first.url).origin);
    await openSynced(page, second);
    await expect.poll(() => headers(page)).toEqual(before);
    expect(await widthOf(page, 'Contact')).toBeCloseTo(contactWidth, 0);
    const kept = await callHost<{ columns: ListColumnPrefs | null }>(
      second.url,
      'workspace.columns.load',
    );
    expect(kept.columns?.widths.contact).toBe(260);
    expect(kept.columns?.hidden).toContain('channel');
  } finally {
    await second.stop();
  }
});

test('a choice an earlier build kept in the page’s storage is taken over by the engine', async ({
  page,
}) => {
  const host = await startHost(dataDir());
  try {
    const { active_id } = await callHost<AccountsState>(host.url, 'accounts.list');
    const earlier = {
      order: ['tags', 'ticket', 'contact', 'status'],
      hidden: ['assignee', 'last_message', 'channel'],
      widths: { tags: 300 },
    };
    await page.addInitScript(([key, value]) => window.localStorage.setItem(key, value), [
      `session-desk:columns:${active_id}`,
      JSON.stringify(earlier),
    ] as const);
    await openSynced(page, host);
    await expect.poll(() => headers(page)).toEqual(['Tags', 'Ticket', 'Contact', 'Status']);
    await expect
      .poll(async () => {
        const kept = await callHost<{ columns: ListColumnPrefs | null }>(
          host.url,
          'workspace.columns.load',
        );
        return kept.columns;
      })
      .toMatchObject({ order: expect.arrayContaining(earlier.order), widths: { tags: 300 } });
  } finally {
    await host.stop();
  }
});
