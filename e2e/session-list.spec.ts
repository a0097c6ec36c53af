import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startFakeOpencx, type FakeOpencx, type TruthSession } from '../fake-opencx/server';
import { contactLabel } from '../src-shared/opencx/contact-label';
import { renderedRows, scrollGrid } from './support/session-grid';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

// The session list and detail an agent reviews all day (issue 11), against the demo's data:
// the fake OpenCX with seed 7 and 2,500 sessions, synced once through the web host.
// Screenshots of each screen are kept in test-results/screens/ (see the README).

const SESSIONS = 2_500;
const SCREENS = 'test-results/screens';
/** More rows than this in the DOM would mean the grid is not windowing. */
const MAX_DOM_ROWS = 60;

let fake: FakeOpencx;
let host: WebHostProcess;
let truth: TruthSession[];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  fake = await startFakeOpencx({ seed: 7, sessions: SESSIONS, rateLimit: false });
  truth = fake.truth().sessions;
  host = await startWebHostProcess({
    account: { baseUrl: fake.url, token: fake.token },
    extraArgs: ['--requests-per-minute', '6000'],
  });
  const page = await browser.newPage();
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('session-count')).toHaveText('2,500 sessions', { timeout: 60_000 });
  await page.close();
});

test.afterAll(async () => {
  await host?.stop();
  await fake?.close();
});

async function open(page: Page): Promise<void> {
  await page.goto(host.url);
  // The account remembers its last search (workspace): every test starts from the whole list.
  // Once the first answer is on screen, the remembered query is in place.
  const search = page.getByRole('searchbox', { name: 'Search sessions' });
  await expect(
    page.getByTestId('session-row').first().or(page.getByTestId('list-empty')),
  ).toBeVisible();
  if ((await search.inputValue()) !== '') await search.fill('');
  await expect(page.getByTestId('session-count')).toHaveText('2,500 sessions');
  await renderedRows(page);
}

const byId = () => new Map(truth.map((entry) => [entry.session.id, entry]));
const domRows = (page: Page) => page.locator('[role="row"][data-index]').count();

test('scrolls to the end of the full list with a bounded DOM and says where it is', async ({
  page,
}) => {
  await open(page);
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
  await expect(page.getByTestId('list-position')).toHaveText(/^1–\d+ of 2,500$/);
  expect(await domRows(page)).toBeLessThanOrEqual(MAX_DOM_ROWS);

  // Down through the list a screenful at a time for a while, then straight to the end.
  const grid = page.getByTestId('session-grid');
  await grid.hover();
  for (let i = 0; i < 12; i += 1) {
    await page.mouse.wheel(0, 600);
    expect(await domRows(page)).toBeLessThanOrEqual(MAX_DOM_ROWS);
  }
  await renderedRows(page);
  await expect(page.getByTestId('list-position')).not.toHaveText(/^1–/);
  await scrollGrid(page, 'end');
  await expect(page.locator('[aria-rowindex="2501"]')).toHaveAttribute(
    'data-testid',
    'session-row',
  );
  const rows = await renderedRows(page);
  expect(rows.length).toBeLessThanOrEqual(MAX_DOM_ROWS);
  expect(rows.at(-1)?.index).toBe(SESSIONS - 1);
  await expect(page.getByTestId('list-position')).toHaveText(/^2,\d{3}–2,500 of 2,500$/);
  await expect(grid).toHaveAttribute('aria-rowcount', String(SESSIONS + 1));
  await page.screenshot({ path: `${SCREENS}/list-end.png` });
});

test('sorts by each sortable column in the engine, in the order the server’s data gives', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await open(page);
  // Every column shown, so every sortable header can be clicked.
  await page.getByRole('button', { name: 'Columns' }).click();
  const dialog = page.getByRole('dialog', { name: 'Columns' });
  for (const box of await dialog.getByRole('checkbox').all()) await box.check();
  await page.screenshot({ path: `${SCREENS}/columns-dialog.png` });
  await dialog.getByRole('button', { name: 'Done' }).click();

  const sessions = byId();
  const text = (value: string | null | undefined) => value ?? null;
  const keys: Record<string, (entry: TruthSession) => string | number | null> = {
    Ticket: (e) => e.session.ticket_number,
    Status: (e) => e.session.status,
    Sentiment: (e) => text(e.session.sentiment),
    Channel: (e) => e.session.channel.type,
    Team: (e) => text(e.session.team?.name),
    Language: (e) => text(e.session.language),
    Created: (e) => Date.parse(e.session.created_at),
    Updated: (e) => Date.parse(e.session.updated_at),
    Contact: (e) => contactLabel(e.session),
    Tags: (e) => (e.tags.length > 0 ? [...e.tags].sort().join(', ') : null),
  };
  const compare = (a: string | number | null, b: string | number | null) =>
    a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
  const header = (name: string) => page.getByRole('columnheader', { name, exact: true });

  for (const [name, keyOf] of Object.entries(keys)) {
    const all = truth.map(keyOf);
    for (const order of ['ascending', 'descending'] as const) {
      await header(name).getByRole('button').click();
      if ((await header(name).getAttribute('aria-sort')) !== order) {
        await header(name).getByRole('button').click();
      }
      await expect(header(name)).toHaveAttribute('aria-sort', order);
      const sign = order === 'ascending' ? 1 : -1;
      const expected = [...all].sort((a, b) => sign * compare(a, b));
      // The first screen and the last: the keys the list shows are the server's, in order.
      for (const where of ['start', 'end'] as const) {
        await scrollGrid(page, where === 'start' ? 0 : 'end');
        if (where === 'end') {
          await expect(page.locator(`[aria-rowindex="${SESSIONS + 1}"]`)).toBeVisible();
        }
        const rows = await renderedRows(page);
        const shown = rows.map((row) => keyOf(sessions.get(row.id)!));
        const first = rows[0]!.index;
        expect(shown, `${name} ${order} at the ${where}`).toEqual(
          expected.slice(first, first + rows.length),
        );
        if (name === 'Ticket') {
          // Unique keys: the very sessions, not only their keys.
          const ids = [...truth]
            .sort((a, b) => sign * (a.session.ticket_number - b.session.ticket_number))
            .slice(first, first + rows.length)
            .map((e) => e.session.id);
          expect(rows.map((row) => row.id)).toEqual(ids);
        }
      }
    }
  }

  // Assignee: by the text the column shows, which is the agent's name once a cached transcript
  // gave it, else "Agent <id>": which names are known depends on the transcripts downloaded so
  // far, so the shown texts are checked to be in order, and which rows are unassigned (they come
  // first ascending, last descending) against the server's data.
  const unassigned = truth.map((e) => (e.session.assignee_id ? 0 : 1));
  for (const order of ['ascending', 'descending'] as const) {
    await header('Assignee').getByRole('button').click();
    if ((await header('Assignee').getAttribute('aria-sort')) !== order) {
      await header('Assignee').getByRole('button').click();
    }
    await expect(header('Assignee')).toHaveAttribute('aria-sort', order);
    const sign = order === 'ascending' ? 1 : -1;
    const expected = [...unassigned].sort((a, b) => sign * (b - a));
    for (const where of ['start', 'end'] as const) {
      await scrollGrid(page, where === 'start' ? 0 : 'end');
      // A transcript arriving meanwhile names an agent and moves their rows: read again then.
      await expect(async () => {
        const rows = await renderedRows(page);
        const first = rows[0]!.index;
        const shown = rows.map((row) => (sessions.get(row.id)!.session.assignee_id ? 0 : 1));
        expect(shown, `Assignee ${order} at the ${where}`).toEqual(
          expected.slice(first, first + rows.length),
        );
        const labels = (
          await page.locator('[data-testid="session-row"] .cell.assignee').allInnerTexts()
        ).filter((label) => label !== 'Unassigned');
        expect(labels).toEqual([...labels].sort((a, b) => sign * compare(a, b)));
      }).toPass({ timeout: 10_000 });
    }
  }

  // Last message: the time shown is the sort key (the exact time, or the updated time where no
  // message time is cached), and it only goes down.
  await header('Last message').getByRole('button').click();
  if ((await header('Last message').getAttribute('aria-sort')) !== 'descending') {
    await header('Last message').getByRole('button').click();
  }
  await scrollGrid(page, 0);
  await renderedRows(page);
  const times = await page
    .locator('[data-testid="session-row"] .cell.last_message time')
    .evaluateAll((cells) => cells.map((cell) => Date.parse(cell.getAttribute('datetime') ?? '')));
  expect(times.length).toBeGreaterThan(5);
  expect([...times].sort((a, b) => b - a)).toEqual(times);
  await page.screenshot({ path: `${SCREENS}/list-sorted.png` });
});

test('selects by click, shift-click, ctrl-click, x, shift+j and select all, and counts', async ({
  page,
}) => {
  await open(page);
  const rows = page.getByTestId('session-row');
  const count = page.getByTestId('selection-count');
  await rows.nth(1).click();
  await expect(count).toHaveText('1 selected');
  await rows.nth(5).click({ modifiers: ['Shift'] });
  await expect(count).toHaveText('5 selected');
  await rows.nth(8).click({ modifiers: ['Control'] });
  await expect(count).toHaveText('6 selected');
  await rows.nth(3).click({ modifiers: ['Control'] });
  await expect(count).toHaveText('5 selected');
  await expect(rows.nth(3)).toHaveAttribute('aria-selected', 'false');
  await expect(rows.nth(8)).toHaveAttribute('aria-selected', 'true');

  // x toggles the focused row (row 3 was clicked last; j moves on to 9); shift+j extends from
  // there.
  for (let i = 0; i < 6; i += 1) await page.keyboard.press('j');
  await expect(rows.nth(9)).toHaveAttribute('data-focused', 'true');
  await page.keyboard.press('x');
  await expect(count).toHaveText('6 selected');
  await page.keyboard.press('Shift+J');
  await page.keyboard.press('Shift+J');
  await expect(count).toHaveText('8 selected');

  // Survives scrolling away and back, and a new sort.
  await scrollGrid(page, 'end');
  await renderedRows(page);
  await scrollGrid(page, 0);
  await expect(rows.nth(8)).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('columnheader', { name: 'Ticket', exact: true }).getByRole('button').click();
  await expect(count).toHaveText('8 selected');
  await page.screenshot({ path: `${SCREENS}/selection.png` });

  await page.getByRole('button', { name: 'Select all 2,500 matching' }).click();
  await expect(count).toHaveText('2,500 selected (all matching)');
  await rows.nth(0).click({ modifiers: ['Control'] });
  await expect(count).toHaveText('2,499 selected (all matching)');
  await page.keyboard.press('Escape');
  await expect(count).toHaveCount(0);
});

test('a filter change says what happened to selected sessions that no longer match', async ({
  page,
}) => {
  await open(page);
  await scrollGrid(page, 0);
  const rows = page.getByTestId('session-row');
  await rows.nth(0).click();
  await rows.nth(9).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText('10 selected');
  await page.getByRole('searchbox', { name: 'Search sessions' }).fill('zzzz-no-such-thing');
  await expect(page.getByTestId('list-empty')).toContainText('No cached session matches');
  await expect(page.getByTestId('selection-notice')).toContainText(
    '10 selected sessions no longer match the filters and were deselected',
  );
  // The session open in the detail pane (row 0, clicked first) stays open and says it left.
  await expect(page.getByTestId('left-list')).toContainText('no longer matches the filters');
  await page.screenshot({ path: `${SCREENS}/empty-search.png` });
  await page.getByTestId('selection-notice').getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('selection-count')).toHaveText('10 selected');
  await expect(page.getByTestId('session-count')).toHaveText('2,500 sessions');
});

test('a new filter replaces the rows in place: no flash of placeholders, the old rows never clickable', async ({
  page,
}) => {
  await open(page);
  await scrollGrid(page, 0);
  const before = (await renderedRows(page)).map((row) => row.id);
  // Every row element added, and every row named stale, from here on.
  await page.evaluate(() => {
    const seen = { placeholders: 0, stale: 0, clickable: 0 };
    (window as unknown as { __rows: typeof seen }).__rows = seen;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node instanceof Element && node.matches('[data-testid="session-row-placeholder"]'))
            seen.placeholders += 1;
        }
        const row = record.target;
        if (row instanceof HTMLElement && row.dataset.testid === 'session-row-stale') {
          seen.stale += 1;
          if (getComputedStyle(row).pointerEvents !== 'none') seen.clickable += 1;
        }
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-testid'],
    });
  });
  const openCount = truth.filter((entry) => entry.session.status === 'open').length;
  const status = page.locator('[data-section="status"]');
  await status.getByRole('checkbox', { name: /^Open(\s|$)/ }).check();
  await expect(page.getByTestId('session-count')).toHaveText(
    `${openCount.toLocaleString('en')} sessions`,
  );
  const after = (await renderedRows(page)).map((row) => row.id);
  expect(after).not.toEqual(before);
  for (const id of after) expect(byId().get(id)?.session.status).toBe('open');
  const seen = await page.evaluate(
    () => (window as unknown as { __rows: Record<string, number> }).__rows,
  );
  expect(seen.placeholders).toBe(0);
  expect(seen.stale).toBeGreaterThan(0);
  expect(seen.clickable).toBe(0);
  await status.getByRole('checkbox', { name: /^Open(\s|$)/ }).uncheck();
  await expect(page.getByTestId('session-count')).toHaveText('2,500 sessions');
});

test('moves with the keyboard and Enter opens the focused row, not the one clicked before', async ({
  page,
}) => {
  await open(page);
  const rows = await renderedRows(page);
  const sessions = byId();
  const ticket = (index: number) => `#${sessions.get(rows[index]!.id)!.session.ticket_number}`;
  const heading = page.locator('#session-detail-heading');

  await page.getByTestId('session-row').nth(0).click();
  await expect(heading).toContainText(ticket(0));
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(heading).toContainText(ticket(2));
  await page.keyboard.press('k');
  await page.keyboard.press('Enter');
  await expect(heading).toContainText(ticket(1));

  // Arrows, PageDown, End and Home move the focus in the grid.
  await page.getByTestId('session-grid').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-focused="true"]')).toHaveAttribute('data-index', '2');
  await page.keyboard.press('PageDown');
  const afterPage = Number(await page.locator('[data-focused="true"]').getAttribute('data-index'));
  expect(afterPage).toBeGreaterThan(5);
  await page.keyboard.press('End');
  await expect(page.locator('[data-focused="true"]')).toHaveAttribute(
    'data-index',
    String(SESSIONS - 1),
  );
  await page.keyboard.press('Home');
  await expect(page.locator('[data-focused="true"]')).toHaveAttribute('data-index', '0');
  await page.keyboard.press('Enter');
  await expect(heading).toContainText(ticket(0));

  // / searches; Esc in the grid clears the selection.
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search sessions' })).toBeFocused();
});

test('shows every field of a seeded session, grouped, with copy buttons and the OpenCX link', async ({
  page,
}) => {
  await open(page);
  const present = (entry: TruthSession) => {
    const s = entry.session;
    return [
      s.contact?.phone_number,
      s.contact?.non_verified_name,
      s.contact?.non_verified_email,
      s.contact?.custom_data && Object.keys(s.contact.custom_data).length,
      s.contact?.non_verified_custom_data && Object.keys(s.contact.non_verified_custom_data).length,
      s.handoff?.summary,
      s.handoff?.sentiment,
      s.ticketing_system,
      s.team,
      s.assignee_id,
      s.language,
      Object.keys(s.custom_data).length,
      s.sentiment,
      s.ai_closure_type,
      entry.tags.length,
    ].filter(Boolean).length;
  };
  const seeded = [...truth].sort((a, b) => present(b) - present(a))[0]!;
  const s = seeded.session;
  await page.getByRole('searchbox', { name: 'Search sessions' }).fill(String(s.ticket_number));
  const row = page.locator(`[data-session-id="${s.id}"]`);
  await row.click();
  const detail = page.getByTestId('session-detail');
  const field = (name: string) => detail.locator(`[data-field="${name}"]`);
  await expect(page.locator('#session-detail-heading')).toContainText(`#${s.ticket_number}`);

  await expect(field('status')).toHaveText(/Resolved|Unresolved|Open/);
  await expect(field('sentiment')).not.toHaveText('—');
  await expect(field('ai_closure_type')).not.toHaveText('—');
  await expect(field('assist_mode')).toHaveText(s.assist_mode ? 'Yes' : 'No');
  await expect(field('ticket_number')).toHaveText(`#${s.ticket_number}`);
  await expect(field('team')).toHaveText(s.team!.name);
  await expect(field('assignee')).toContainText(`id ${s.assignee_id}`);
  await expect(field('language')).toContainText(`(${s.language})`);
  await expect(field('id')).toContainText(s.id);
  await expect(field('created_at').locator('time')).toHaveAttribute('datetime', s.created_at);
  await expect(field('updated_at').locator('time')).toHaveAttribute('datetime', s.updated_at);
  await expect(field('last_message_at').locator('time')).toBeVisible();
  await expect(field('contact_non_verified_name')).toHaveText(s.contact!.non_verified_name!);
  await expect(field('contact_non_verified_email')).toContainText(s.contact!.non_verified_email!);
  await expect(field('contact_phone')).toHaveText(s.contact!.phone_number!);
  await expect(field('contact_id')).toContainText(s.contact!.id);
  for (const [key, value] of Object.entries(s.contact!.custom_data ?? {})) {
    await expect(field('contact_custom_data').getByRole('row', { name: key })).toContainText(
      String(value),
    );
  }
  for (const [key, value] of Object.entries(s.contact!.non_verified_custom_data ?? {})) {
    await expect(
      field('contact_non_verified_custom_data').getByRole('row', { name: key }),
    ).toContainText(String(value));
  }
  await expect(field('handoff_summary')).toHaveText(s.handoff!.summary!);
  await expect(field('handoff_sentiment')).not.toHaveText('—');
  await expect(field('ticketing_name')).toHaveText(s.ticketing_system!.name);
  await expect(field('ticketing_external_id')).toContainText(s.ticketing_system!.external_id);
  await expect(field('ticketing_id_type')).toHaveText(s.ticketing_system!.id_type);
  for (const [key, value] of Object.entries(s.custom_data)) {
    await expect(field('custom_data').getByRole('row', { name: key })).toContainText(String(value));
  }
  for (const tag of seeded.tags) await expect(field('tags')).toContainText(tag);
  await expect(detail.getByRole('button', { name: 'Copy session id' })).toBeVisible();
  await expect(detail.getByRole('button', { name: 'Copy unverified email' })).toBeVisible();
  await expect(detail.getByTestId('open-in-opencx')).toHaveAttribute(
    'href',
    `https://app.open.cx/sessions/${s.id}`,
  );
  // The search term is marked in the list.
  await expect(row.locator('mark')).toHaveText(String(s.ticket_number));
  await expect(page.getByTestId('transcript').locator('li').first()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/detail.png`, fullPage: true });

  // A verified contact: name and email with their badge and a copy button.
  const verified = truth.find((e) => e.session.contact?.email && e.session.contact.name)!;
  await page
    .getByRole('searchbox', { name: 'Search sessions' })
    .fill(String(verified.session.ticket_number));
  await page.locator(`[data-session-id="${verified.session.id}"]`).click();
  await expect(field('contact_name')).toContainText(verified.session.contact!.name!);
  await expect(field('contact_name')).toContainText('verified');
  await expect(field('contact_email')).toContainText(verified.session.contact!.email!);
  await expect(detail.getByRole('button', { name: 'Copy email' })).toBeVisible();
});

test('columns are chosen, ordered and resized, and remembered', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Columns' }).click();
  const dialog = page.getByRole('dialog', { name: 'Columns' });
  await dialog.getByRole('button', { name: 'Reset to defaults' }).click();
  await dialog.getByRole('checkbox', { name: 'Channel' }).uncheck();
  await dialog.getByRole('checkbox', { name: 'Tags' }).check();
  await dialog.getByRole('button', { name: 'Move Status up' }).click();
  await dialog.getByRole('spinbutton', { name: 'Contact width' }).fill('260');
  await dialog.getByRole('spinbutton', { name: 'Contact width' }).press('Tab');
  await dialog.getByRole('button', { name: 'Done' }).click();
  const headers = () =>
    page.getByRole('columnheader').evaluateAll((cells) => cells.map((c) => c.textContent?.trim()));
  const before = await headers();
  expect(before).not.toContain('Channel');
  expect(before).toContain('Tags');
  expect(before.indexOf('Status')).toBeLessThan(before.indexOf('Contact'));
  // Dragging a header's edge resizes too.
  const status = page.getByRole('columnheader', { name: 'Status', exact: true });
  const box = (await status.boundingBox())!;
  await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 60, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  const wider = (await status.boundingBox())!.width;
  expect(wider).toBeGreaterThan(box.width + 40);

  await page.reload();
  await expect(page.getByTestId('session-count')).toHaveText('2,500 sessions');
  await expect.poll(headers).toEqual(before);
  expect(
    (await page.getByRole('columnheader', { name: 'Status', exact: true }).boundingBox())!.width,
  ).toBeCloseTo(wider, 0);
  await page.getByRole('button', { name: 'Columns' }).click();
  await dialog.getByRole('button', { name: 'Reset to defaults' }).click();
  await dialog.getByRole('button', { name: 'Done' }).click();
});

test('has no serious or critical accessibility violations, in light and dark', async ({
  browser,
}) => {
  // Eight axe runs over full screens: about 40 s on two busy cores.
  test.setTimeout(180_000);
  for (const colorScheme of ['light', 'dark'] as const) {
    // AxeBuilder needs a page of its own context.
    const context = await browser.newContext({
      colorScheme,
      viewport: { width: 1024, height: 700 },
    });
    const page = await context.newPage();
    await open(page);
    await page.getByTestId('session-row').nth(1).click();
    await page
      .getByTestId('session-row')
      .nth(3)
      .click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('transcript').locator('li').first()).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/main-${colorScheme}-1024x700.png` });
    await expectNoSeriousViolations(page, `main screen (${colorScheme})`);

    await page.getByRole('button', { name: 'Columns' }).click();
    await expectNoSeriousViolations(page, `columns dialog (${colorScheme})`);
    await page.keyboard.press('Escape');

    await page.getByRole('searchbox', { name: 'Search sessions' }).fill('zzzz-no-such-thing');
    await expect(page.getByTestId('list-empty')).toBeVisible();
    await expectNoSeriousViolations(page, `empty list (${colorScheme})`);
    await page.screenshot({ path: `${SCREENS}/empty-${colorScheme}.png` });
    await context.close();
  }

  // The first screen of a new user.
  const welcomeHost = await startWebHostProcess({});
  try {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(welcomeHost.url);
      await expect(page.getByRole('heading', { name: 'Welcome to Session Desk' })).toBeVisible();
      await expectNoSeriousViolations(page, `welcome (${colorScheme})`);
      await page.screenshot({ path: `${SCREENS}/welcome-${colorScheme}.png` });
      await context.close();
    }
  } finally {
    await welcomeHost.stop();
  }
});

test('loads without a 404 (favicon included) and keeps the names readable at 1024×700', async ({
  browser,
}) => {
  const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await open(page);
  await page.waitForTimeout(1_000);
  expect(missing.filter((url) => !url.includes('/api/call/'))).toEqual([]);
  const contact = page.locator('[data-testid="session-row"] .cell.contact').first();
  expect((await contact.boundingBox())!.width).toBeGreaterThan(150);
  await page.close();
});

test('offline, an uncached transcript says so within a second, asking only a few times', async ({
  page,
}) => {
  await open(page);
  // Older than the background prefetch reaches (30 days): never downloaded.
  const old = [...truth]
    .filter((e) => Date.parse(e.session.updated_at) < Date.now() - 40 * 86_400_000)
    .sort((a, b) => b.session.ticket_number - a.session.ticket_number)[0]!;
  await fake.close();
  let calls = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/api/call/sessions.history')) calls += 1;
  });
  await page
    .getByRole('searchbox', { name: 'Search sessions' })
    .fill(String(old.session.ticket_number));
  // Timed in the page, from the click to the sentence on screen: Playwright's own round trips
  // (a click takes 100-300 ms of them on a busy machine) are not the app's.
  await page.evaluate(() => {
    const times = { clicked: NaN, said: NaN };
    (window as unknown as { offlineTimes: typeof times }).offlineTimes = times;
    document.addEventListener('click', () => (times.clicked = performance.now()), {
      capture: true,
      once: true,
    });
    new MutationObserver((_records, observer) => {
      if (document.querySelector('[data-testid="transcript-offline"]')) {
        times.said = performance.now();
        observer.disconnect();
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.locator(`[data-session-id="${old.session.id}"]`).click();
  await expect(page.getByTestId('transcript-offline')).toHaveText(
    'This transcript is not downloaded yet — it will be when you are online.',
    { timeout: 2_000 },
  );
  const { clicked, said } = await page.evaluate(
    () => (window as unknown as { offlineTimes: { clicked: number; said: number } }).offlineTimes,
  );
  expect(said - clicked).toBeLessThan(1_000);
  await page.waitForTimeout(2_000);
  expect(calls).toBeLessThanOrEqual(3);
  await expect(page.getByTestId('connectivity')).not.toHaveText('Online');
  await page.screenshot({ path: `${SCREENS}/transcript-offline.png` });
});

test('never says Online once its own host is gone, and says what to do', async ({ page }) => {
  await open(page);
  await host.stop();
  await expect(page.getByTestId('connectivity')).toHaveText('Stopped');
  await expect(page.getByTestId('host-gone')).toContainText('Start Session Desk again');
  await expect(page.getByText(/ECONNREFUSED|Failed to fetch/)).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/host-gone.png` });
});

async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  expect(serious, `axe on the ${screen}`).toEqual([]);
}
