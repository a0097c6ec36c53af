import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startFakeOpencx, type FakeFilters, type FakeOpencx } from '../fake-opencx/server';
import {
  callFromPage,
  callHost,
  engineIds,
  expectListCount,
  fakeMatches,
  section,
} from './support/filter-page';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

// Saved views with relative dates re-evaluate on another day. The fake OpenCX's data ends at day
// D; the web host syncs it with its engine's clock at D (`--test-now`, a test-only seam), the
// page's clock is set to D as well (Playwright's page.clock), and a "Yesterday" view is saved.
// Then the same data directory is opened by a new web host whose clock reads D + 1 day, in a
// page whose clock does too: the same views now show other sessions. Each answer is checked
// against the fake's own filter for the absolute instants the preset means on that day, written
// out below by hand rather than computed by the app's resolver.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Tuesday 10 March 2026, 22:00 in Tokyo (UTC+9, no daylight saving): late in the local day, so
// "yesterday" one day later is a whole local day that the data still covers.
const DAY_D = Date.parse('2026-03-10T13:00:00.000Z');
const ZONE = 'Asia/Tokyo';

/** "Yesterday" in Tokyo at D (9 March, local midnights) and at D + 1 day (10 March). */
const YESTERDAY_AT_D = { from: '2026-03-08T15:00:00.000Z', to: '2026-03-09T15:00:00.000Z' };
const YESTERDAY_AT_D1 = { from: '2026-03-09T15:00:00.000Z', to: '2026-03-10T15:00:00.000Z' };
/** "Last 7 days" is 7 × 24 hours up to now, whatever the zone. */
const lastWeekAt = (now: number): FakeFilters => ({
  created_at: { from: new Date(now - 7 * DAY).toISOString() },
});

test.use({ timezoneId: ZONE });

let fake: FakeOpencx;
let dataDir: string;
let host: WebHostProcess | null = null;
/** How far the fake's and the engines' clocks are set ahead of (or behind) the real one. */
let shift: number;

/**
 * A web host on the shared data directory whose engine clock reads `dayStart` now and runs on.
 * `--data-dir` is given again after the helper's own temporary one: the last one given wins.
 */
async function startHostAt(dayStart: number): Promise<WebHostProcess> {
  const clockNow = new Date(Date.now() + shift + (dayStart - DAY_D)).toISOString();
  return startWebHostProcess({
    account: { baseUrl: fake.url, token: fake.token },
    extraArgs: ['--data-dir', dataDir, '--test-now', clockNow],
  });
}

test.beforeAll(async () => {
  shift = DAY_D - Date.now();
  // The fake's clock runs from D too: its sessions are created over the 180 days up to D.
  fake = await startFakeOpencx({ seed: 12, sessions: 400, now: () => Date.now() + shift });
  dataDir = mkdtempSync(join(tmpdir(), 'session-desk-relative-views-'));
  host = await startHostAt(DAY_D);
  await callHost(host.url, 'sync.run', { full: true });
});

test.afterAll(async () => {
  await host?.stop();
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function views(page: Page) {
  return page.getByRole('region', { name: 'Saved views' });
}

function viewRow(page: Page, name: string) {
  return views(page)
    .getByTestId('saved-view')
    .filter({ has: page.getByRole('button', { name, exact: true }) });
}

/** Opens a saved view and checks the list, and the engine's answer, against the fake's. */
async function expectViewShows(page: Page, name: string, filters: FakeFilters): Promise<string[]> {
  const expected = fakeMatches(fake, filters).map((entry) => entry.session.id);
  await expect(viewRow(page, name).getByTestId('view-count')).toHaveText(String(expected.length));
  await views(page).getByRole('button', { name, exact: true }).click();
  await expect(views(page).getByRole('button', { name, exact: true })).toHaveAttribute(
    'aria-current',
    'true',
  );
  await expectListCount(page, expected.length);
  await expect(page.getByTestId('chart-total')).toHaveAttribute(
    'data-total',
    String(expected.length),
  );
  // The engine's own answer for the view's saved (relative) filter, resolved on its clock.
  const saved = (await callFromPage<{ name: string; filter: unknown }[]>(page, 'views.list')).find(
    (view) => view.name === name,
  )!;
  expect((await engineIds(page, saved.filter)).sort()).toEqual([...expected].sort());
  return expected;
}

/** The days the page resolves the active date range to (shown when "Custom…" is picked). */
async function shownDays(page: Page): Promise<[string, string]> {
  const dates = await section(page, 'dates');
  await dates.getByRole('combobox', { name: 'Date range' }).selectOption({ label: 'Custom…' });
  return [
    await dates.getByLabel('From day').inputValue(),
    await dates.getByLabel('To day').inputValue(),
  ];
}

test('a saved "Yesterday" view and the built-in "Last 7 days" show another day’s sessions when the same cache is opened a day later', async ({
  page,
}) => {
  // No session was created within a minute of either "7 days ago", so the seconds between the
  // fake's clock, the engine's and the page's cannot move a session in or out of the week.
  for (const day of [DAY_D, DAY_D + DAY]) {
    const near = (offset: number) => fakeMatches(fake, lastWeekAt(day + offset)).length;
    expect(near(-60_000)).toBe(near(60_000));
  }

  let yesterdayAtD: string[] = [];
  let lastWeekAtD: string[] = [];
  await test.step('day D: the views match the fake for 9 March and the 7 days before D', async () => {
    await page.clock.setFixedTime(DAY_D);
    await page.goto(host!.url);
    await expectListCount(page, fake.truth().sessions.length);

    const dates = await section(page, 'dates');
    await dates.getByRole('combobox', { name: 'Date range' }).selectOption({ label: 'Yesterday' });
    await expect(page.getByTestId('filter-chip')).toHaveText([/Created:\s*Yesterday/]);
    await views(page).getByRole('button', { name: 'Save current view' }).click();
    await views(page).getByRole('textbox', { name: 'View name' }).fill('Yesterday’s chats');
    await views(page).getByRole('button', { name: 'Save', exact: true }).click();
    await expect(viewRow(page, 'Yesterday’s chats')).toBeVisible();
    // Saved as the preset, not as the instants it meant when it was saved.
    const saved = (await callFromPage<{ name: string; filter: unknown }[]>(page, 'views.list'))
      .filter((view) => view.name === 'Yesterday’s chats')
      .map((view) => view.filter);
    expect(saved).toEqual([{ created_at: { calendar: { period: 'yesterday', time_zone: ZONE } } }]);

    yesterdayAtD = await expectViewShows(page, 'Yesterday’s chats', { created_at: YESTERDAY_AT_D });
    expect(await shownDays(page)).toEqual(['2026-03-09', '2026-03-09']);
    lastWeekAtD = await expectViewShows(page, 'Last 7 days', lastWeekAt(DAY_D));
  });

  await test.step('the same data directory, opened by a web host whose clock reads D + 1 day', async () => {
    await host!.stop();
    host = await startHostAt(DAY_D + DAY);
  });

  await test.step('day D + 1: the same views match the fake for 10 March and the 7 days before', async () => {
    await page.clock.setFixedTime(DAY_D + DAY);
    await page.goto(host!.url);
    await expect(viewRow(page, 'Yesterday’s chats')).toBeVisible();

    const yesterdayAtD1 = await expectViewShows(page, 'Yesterday’s chats', {
      created_at: YESTERDAY_AT_D1,
    });
    expect(await shownDays(page)).toEqual(['2026-03-10', '2026-03-10']);
    const lastWeekAtD1 = await expectViewShows(page, 'Last 7 days', lastWeekAt(DAY_D + DAY));

    // The test means something only if the days differ in what they hold.
    expect(yesterdayAtD.length).toBeGreaterThan(0);
    expect(yesterdayAtD1.length).toBeGreaterThan(0);
    expect(yesterdayAtD1.filter((id) => yesterdayAtD.includes(id))).toEqual([]);
    expect(lastWeekAtD1).not.toEqual(lastWeekAtD);
  });
});
