import { expect, test } from '@playwright/test';
import { startFakeOpencx, type FakeOpencx } from '../fake-opencx/server';
import { allRowIds } from './support/session-grid';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

// A new account's first sync as the status bar and the list show it (issue 11): the list starts
// with the server's newest sessions and fills as pages land; a wait for OpenCX's rate limit is
// explained in a sentence. The fake server's own data and rate limit are the reference.

/** The sync's page size: the first page the list shows holds this many sessions. */
const PAGE = 100;
const SESSIONS = 600;

const stops: (() => Promise<void>)[] = [];
test.afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function newAccount(fake: FakeOpencx): Promise<WebHostProcess> {
  stops.push(() => fake.close());
  const host = await startWebHostProcess({ account: { baseUrl: fake.url, token: fake.token } });
  stops.push(() => host.stop());
  return host;
}

test('the status bar explains a wait for OpenCX’s rate limit, and the list holds what came before it', async ({
  page,
}) => {
  const sent = new Set<string>();
  // The fake's own limit, far below the 100 a minute the app plans for: it runs into it.
  const fake = await startFakeOpencx({
    seed: 21,
    sessions: 1_000,
    rateLimit: { perMinute: 5 },
    onResponse: (response) => {
      if (response.path !== '/chat/sessions/filter' || response.status !== 200) return;
      const body = JSON.parse(response.body) as { data: { id: string }[] };
      for (const session of body.data) sent.add(session.id);
    },
  });
  const host = await newAccount(fake);
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Sync now' }).click();

  await expect(page.getByTestId('activity-sync').getByRole('status')).toContainText(
    /Waiting \d+ s for OpenCX’s rate limit \(100 requests a minute\); it carries on by itself\./,
    { timeout: 30_000 },
  );
  // The wait lasts most of a minute: every session sent before it is listed meanwhile.
  expect(sent.size).toBeGreaterThan(PAGE);
  await expect(page.getByTestId('session-count')).toHaveText(`${sent.size} sessions`);
});

test('a new account’s list shows the server’s newest sessions first, then fills as pages land', async ({
  page,
}) => {
  test.setTimeout(120_000);
  let filterPages = 0;
  const fake: FakeOpencx = await startFakeOpencx({
    seed: 22,
    sessions: SESSIONS,
    rateLimit: false,
    // After the first page of sessions, every further one is refused with a 429 until the test
    // lets them through: the list is seen as the first page left it, however slow the machine.
    onResponse: (response) => {
      if (response.path !== '/chat/sessions/filter' || response.status !== 200) return;
      filterPages += 1;
      if (filterPages === 1) {
        fake.setFaults({
          rateLimitStorm: { every: 1, retryAfterSeconds: 2, endpoints: ['filter'] },
        });
      }
    },
  });
  const newest = new Set(
    fake
      .truth()
      .sessions.map((entry) => entry.session)
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .slice(0, PAGE)
      .map((session) => session.id),
  );
  const host = await newAccount(fake);
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Sync now' }).click();

  const count = page.getByTestId('session-count');
  await expect(count).toHaveText(`${PAGE} sessions`, { timeout: 30_000 });
  expect(new Set(await allRowIds(page))).toEqual(newest);

  // The rest arrive one page at a time; the list grows with them while the sync runs.
  fake.setFaults({ slow: { every: 1, delayMs: 1_500, endpoints: ['filter'] } });
  await expect(count).toHaveText(/^[2-5]00 sessions$/, { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Cancel sync' })).toBeVisible();
  await expect(count).toHaveText(`${SESSIONS} sessions`, { timeout: 60_000 });
});
