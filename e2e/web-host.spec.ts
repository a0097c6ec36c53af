import { expect, test } from '@playwright/test';
import { startFakeOpencx, type FakeOpencx } from '../fake-opencx/server';
import { allRowIds, renderedRows } from './support/session-grid';
import { callHost } from './support/filter-page';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

// The thin path through every layer: fake OpenCX → api client → sync in the engine worker →
// SQLite → query → web host → the Svelte renderer in Chromium.

let fake: FakeOpencx;
let host: WebHostProcess;

test.beforeAll(async () => {
  fake = await startFakeOpencx({ seed: 11, sessions: 240 });
  host = await startWebHostProcess({ account: { baseUrl: fake.url, token: fake.token } });
});

// The page remembers the account's filter: each test starts from none.
test.beforeEach(async () => {
  await callHost(host.url, 'workspace.save', { filter: {}, view_id: null });
});

test.afterAll(async () => {
  await host?.stop();
  await fake?.close();
});

test('syncs the account, then the status filter shows exactly the server’s matching sessions', async ({
  page,
}) => {
  const truth = fake.truth().sessions.map((entry) => entry.session);
  await page.goto(host.url);
  await expect(page.getByTestId('last-synced')).toHaveText('Never synced');

  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('last-synced')).toContainText('Last synced');
  await expect(page.getByTestId('session-count')).toHaveText(`${truth.length} sessions`);

  const open = truth.filter((session) => session.status === 'open');
  const countBeside = (name: string) =>
    page
      .locator('label', { has: page.getByRole('checkbox', { name, exact: false }) })
      .getByTestId('facet-count');
  await expect(countBeside('Open')).toHaveText(String(open.length));
  await page.getByRole('checkbox', { name: 'Open' }).check();
  expect(open.length).toBeGreaterThan(0);
  expect(open.length).toBeLessThan(100);
  await expect(page.getByTestId('session-count')).toHaveText(`${open.length} sessions`);
  // The grid renders only the rows in view: read them all by scrolling through it.
  const shownIds = await allRowIds(page);
  expect(shownIds).toHaveLength(open.length);
  expect(new Set(shownIds)).toEqual(new Set(open.map((session) => session.id)));
  await renderedRows(page);
  const shownStatuses = await page
    .getByTestId('session-row')
    .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-status')));
  expect(new Set(shownStatuses)).toEqual(new Set(['open']));

  // Counts are disjunctive: ticking a team narrows the list to that team's open sessions.
  const team = open.find((session) => session.team)!.team!;
  const openInTeam = open.filter((session) => session.team?.id === team.id);
  await page.locator('[data-section="team_ids"] h3 button').click();
  await expect(countBeside(team.name)).toHaveText(String(openInTeam.length));
  await page.getByRole('checkbox', { name: team.name }).check();
  await expect(page.getByTestId('session-count')).toHaveText(
    `${openInTeam.length} session${openInTeam.length === 1 ? '' : 's'}`,
  );
});

test('keeps answering from the cache, transcripts included, when OpenCX is unreachable', async ({
  page,
}) => {
  const truth = fake.truth().sessions.map((entry) => entry.session);
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('session-count')).toHaveText(`${truth.length} sessions`);

  // Opening a session fetches its transcript; the cache keeps it for offline reading.
  const firstRow = page.getByTestId('session-row').first();
  const openedId = await firstRow.getAttribute('data-session-id');
  await firstRow.click();
  const transcript = page.getByTestId('transcript');
  await expect(transcript.locator('li').first()).toBeVisible();
  const lines = await transcript.locator('li').count();

  await fake.close();
  await page.reload();
  await page.locator(`[data-session-id="${openedId}"]`).click();
  await expect(transcript.locator('li')).toHaveCount(lines);
  await page.getByRole('checkbox', { name: 'Web chat' }).check();
  const web = truth.filter((session) => session.channel.type === 'web');
  await expect(page.getByTestId('session-count')).toHaveText(`${web.length} sessions`);

  // Offline shows at the first refused connection; the sync itself gives up after its retries.
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('connectivity')).toHaveText('Offline', { timeout: 30_000 });
  await expect(page.getByRole('alert')).toContainText('Could not reach OpenCX', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('session-count')).toHaveText(`${web.length} sessions`);
});

test('works from the keyboard: j and k move, x marks, / searches', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('last-synced')).toContainText('Last synced');
  const rows = page.getByTestId('session-row');
  await expect(rows.first()).toBeVisible();

  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(rows.nth(1)).toHaveAttribute('data-focused', 'true');
  await page.keyboard.press('k');
  await expect(rows.nth(0)).toHaveAttribute('data-focused', 'true');
  await page.keyboard.press('x');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('selection-count')).toHaveText('1 selected');

  const named = fake
    .truth()
    .sessions.map((entry) => entry.session)
    .find((session) => session.contact?.email && session.contact.name);
  const email = named!.contact!.email!;
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search sessions' })).toBeFocused();
  await page.keyboard.type(email);
  const shownIds = () =>
    rows.evaluateAll((elements) =>
      elements.map((element) => element.getAttribute('data-session-id')),
    );
  await expect.poll(shownIds).toContain(named!.id);
  expect((await shownIds()).length).toBeLessThan(10);
});

test('saves the current filter as a named view and brings it back later', async ({ page }) => {
  const truth = fake.truth().sessions.map((entry) => entry.session);
  const resolved = truth.filter((session) => session.status === 'closed_resolved');
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('last-synced')).toContainText('Last synced');
  await page.getByRole('checkbox', { name: /^Resolved\b/ }).check();
  await expect(page.getByTestId('session-count')).toHaveText(`${resolved.length} sessions`);

  await page.getByRole('button', { name: 'Save current view' }).click();
  await page.getByRole('textbox', { name: 'View name' }).fill('Resolved ones');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await expect(page.getByTestId('session-count')).toHaveText(`${truth.length} sessions`);

  await page.reload();
  await page.getByRole('button', { name: 'Resolved ones', exact: true }).click();
  await expect(page.getByRole('checkbox', { name: /^Resolved\b/ })).toBeChecked();
  await expect(page.getByTestId('session-count')).toHaveText(`${resolved.length} sessions`);
});
