import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { startFakeOpencx, type FakeOpencx, type TruthSession } from '../fake-opencx/server';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

// Export in Chromium against the web host: rows selected in the list (or everything the filters
// match) exported through the dialog, the browser's download opened (Playwright's download
// event) and its rows checked against the fake OpenCX's truth and the list's order.

let fake: FakeOpencx;
let host: WebHostProcess;
let truth: Map<string, TruthSession>;

test.beforeAll(async () => {
  fake = await startFakeOpencx({ seed: 47, sessions: 150 });
  host = await startWebHostProcess({ account: { baseUrl: fake.url, token: fake.token } });
  truth = new Map(fake.truth().sessions.map((entry) => [entry.session.id, entry]));
});

test.afterAll(async () => {
  await host?.stop();
  await fake?.close();
});

async function openSynced(page: Page): Promise<void> {
  await page.goto(host.url);
  const count = page.getByTestId('session-count');
  if ((await count.textContent()) !== `${truth.size} sessions`) {
    await page.getByRole('button', { name: 'Sync now' }).click();
  }
  await expect(count).toHaveText(`${truth.size} sessions`);
}

/** Presses the dialog's Export and waits for the browser's download. */
async function exportAndDownload(page: Page): Promise<Download> {
  const dialog = page.getByRole('dialog', { name: 'Export sessions' });
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  return download;
}

async function downloadedText(download: Download): Promise<string> {
  return readFileSync((await download.path())!, 'utf8');
}

test('select rows, export them as CSV: the downloaded file holds exactly those rows', async ({
  page,
}) => {
  await openSynced(page);
  // Sorted by ticket number, an order no transcript changes: in the default order (last
  // activity) a transcript saved meanwhile (the session opened by the first click, or the
  // background prefetch) can move the rows while a click is on its way, and the click then
  // lands on another session.
  const ticket = page.getByRole('columnheader', { name: 'Ticket', exact: true });
  await ticket.click();
  await expect(ticket).toHaveAttribute('aria-sort', /^(ascending|descending)$/);
  const rows = page.getByTestId('session-row');
  // Each row is clicked by the id read from it: opening a session fetches its transcript,
  // which can move rows in the list (a last message becomes known) between the read and the
  // click, and a click by position could then land on another session.
  const selected: string[] = [];
  for (const [n, modifiers] of [
    [0, []],
    [2, ['Control']],
    [5, ['Control']],
  ] as const) {
    const id = (await rows.nth(n).getAttribute('data-session-id'))!;
    selected.push(id);
    await page
      .locator(`[data-testid="session-row"][data-session-id="${id}"]`)
      .click({ modifiers: [...modifiers] });
  }
  await expect(page.getByTestId('selection-count')).toHaveText('3 selected');

  // `e` opens the dialog for the selection.
  await page.getByTestId('session-grid').focus();
  await page.keyboard.press('e');
  const dialog = page.getByRole('dialog', { name: 'Export sessions' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio', { name: 'Selected (3 sessions)' })).toBeChecked();
  await dialog.getByRole('radio', { name: 'CSV (comma-separated, UTF-8)' }).check();
  await dialog.getByRole('radio', { name: 'Choose…' }).check();
  const chooser = dialog.getByRole('list', { name: 'Columns to export' });
  for (const id of ['contact.name', 'created_at']) {
    await chooser
      .getByRole('checkbox', { name: new RegExp(`^${id.replace('.', '\\.')} `) })
      .uncheck();
  }
  for (const id of ['team.name', 'contact.email']) {
    await chooser
      .getByRole('checkbox', { name: new RegExp(`^${id.replace('.', '\\.')} `) })
      .check();
  }

  const download = await exportAndDownload(page);
  expect(download.suggestedFilename()).toMatch(/^sessions-\d{4}-\d\d-\d\d-\d{4}\.csv$/);
  const [header, ...records] = parse(await downloadedText(download)) as string[][];
  // Catalogue order, whatever order they were ticked in.
  expect(header).toEqual(['id', 'ticket_number', 'status', 'contact.email', 'team.name']);
  // The selected sessions, in the list's order.
  const exported = records.map((record) => record[0]!);
  expect(new Set(exported)).toEqual(new Set(selected));
  const listed = await rows.evaluateAll((elements) =>
    elements.map((element) => element.getAttribute('data-session-id')),
  );
  expect(exported).toEqual(listed.filter((id) => selected.includes(id!)));
  for (const [id, ticket, status, email, team] of records) {
    const { session } = truth.get(id!)!;
    expect(ticket).toBe(session.ticket_number === null ? '' : String(session.ticket_number));
    expect(status).toBe(session.status);
    expect(email).toBe(session.contact?.email ?? '');
    expect(team).toBe(session.team?.name ?? '');
  }
  await expect(page.getByTestId('export-notice')).toContainText(
    `Exported 3 sessions to ${download.suggestedFilename()}.`,
  );
  // A browser keeps its own downloads: no "Show in folder" here.
  await expect(
    page.getByTestId('export-notice').getByRole('button', { name: 'Show in folder' }),
  ).toHaveCount(0);
});

test('everything the filters match, from the list’s Export button, as an Excel workbook', async ({
  page,
}) => {
  await openSynced(page);
  await page.getByRole('checkbox', { name: 'Open' }).check();
  const open = [...truth.values()].filter((entry) => entry.session.status === 'open');
  await expect(page.getByTestId('session-count')).toHaveText(
    `${open.length} session${open.length === 1 ? '' : 's'}`,
  );
  await page
    .getByRole('region', { name: 'Session list' })
    .getByRole('button', { name: 'Export…' })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: 'Export sessions' });
  await expect(
    dialog.getByRole('radio', { name: `All ${open.length} sessions matching the filters` }),
  ).toBeChecked();
  await dialog.getByRole('radio', { name: 'Excel workbook' }).check();
  await dialog.getByRole('radio', { name: 'The list’s columns (with the session id)' }).check();

  const download = await exportAndDownload(page);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await download.path())!);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  expect(header[0]).toBe('id');
  expect(header).toContain('status');
  const statusColumn = header.indexOf('status') + 1;
  const ids: string[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    ids.push(row.getCell(1).value as string);
    expect(row.getCell(statusColumn).value).toBe('open');
  });
  expect(new Set(ids)).toEqual(new Set(open.map((entry) => entry.session.id)));
  const listed = await page
    .getByTestId('session-row')
    .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-session-id')));
  expect(ids.slice(0, listed.length)).toEqual(listed);

  // The account remembers its filter: leave none for the next test.
  await page.getByRole('checkbox', { name: 'Open' }).uncheck();
  await expect(page.getByTestId('session-count')).toHaveText(`${truth.size} sessions`);
});

test('works offline: with OpenCX gone, JSON Lines of every cached session', async ({ page }) => {
  await openSynced(page);
  await fake.close();
  await page.reload();
  await expect(page.getByTestId('session-count')).toHaveText(`${truth.size} sessions`);
  await page
    .getByRole('region', { name: 'Session list' })
    .getByRole('button', { name: 'Export…' })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: 'Export sessions' });
  await dialog.getByRole('radio', { name: 'JSON Lines (one session per line)' }).check();
  const download = await exportAndDownload(page);
  const sessions = (await downloadedText(download))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; tags: string[] });
  expect(sessions).toHaveLength(truth.size);
  for (const exported of sessions) {
    const { tags, ...session } = exported;
    const expected = truth.get(exported.id)!;
    expect(session).toEqual(JSON.parse(JSON.stringify(expected.session)));
    expect(tags).toEqual([...expected.tags].sort());
  }
});
