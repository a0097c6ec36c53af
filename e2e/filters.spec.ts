import { expect, test, type Page } from '@playwright/test';
import { startFakeOpencx, type FakeOpencx, type TruthSession } from '../fake-opencx/server';
import {
  callFromPage,
  callHost,
  countBeside,
  expectListCount,
  expectListMatchesFake,
  fakeCount,
  fakeMatches,
  freshPage,
  option,
  rememberedFilter,
  section,
} from './support/filter-page';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

// Every kind of filter in the panel, checked against the fake OpenCX's own answer for the same
// filter (its filter semantics are written independently of the engine's SQL): the list's count,
// the sessions the engine returns for the filter the page built, and the rows on screen.
// One synced cache serves every test; each starts from no filter.

let fake: FakeOpencx;
let host: WebHostProcess;
let truth: TruthSession[];

let assigned: TruthSession;

test.beforeAll(async () => {
  fake = await startFakeOpencx({ seed: 31, sessions: 400 });
  host = await startWebHostProcess({ account: { baseUrl: fake.url, token: fake.token } });
  await callHost(host.url, 'sync.run', { full: true });
  truth = fake.truth().sessions;
  // An agent's name is learnt from a transcript in the cache: one is fetched before any page.
  assigned = truth.find((entry) => entry.session.assignee_id !== null)!;
  await callHost(host.url, 'sessions.history', { id: assigned.session.id });
});

test.afterAll(async () => {
  await host?.stop();
  await fake?.close();
});

test.beforeEach(async ({ page }) => {
  await freshPage(page, host.url);
  await expectListCount(page, truth.length);
});

function panel(page: Page) {
  return page.getByRole('complementary', { name: 'Filters' });
}

test('multi-selects with disjunctive counts: status, channel, AI closure, sentiment with “none”', async ({
  page,
}) => {
  const status = await section(page, 'status');
  await expect(countBeside(status, 'Open')).toHaveText(
    String(fakeCount(fake, { status: ['open'] })),
  );
  await option(status, 'Open').check();
  await expectListMatchesFake(page, fake, { status: ['open'] });

  // Counts are disjunctive: a channel's count is what ticking it would show with Open ticked.
  const channel = await section(page, 'channels');
  await expect(countBeside(channel, 'WhatsApp')).toHaveText(
    String(fakeCount(fake, { status: ['open'], channels: ['whatsapp'] })),
  );
  // …while Status still counts every status within the other constraints.
  await expect(countBeside(status, 'Resolved')).toHaveText(
    String(fakeCount(fake, { status: ['closed_resolved'] })),
  );
  await option(channel, 'Web chat').check();
  await option(channel, 'WhatsApp').check();
  await expectListMatchesFake(page, fake, { status: ['open'], channels: ['web', 'whatsapp'] });

  const closure = await section(page, 'ai_closure_type');
  await option(closure, 'Handed off').check();
  const base = { status: ['open'], channels: ['web', 'whatsapp'], ai_closure_type: ['handed_off'] };
  await expectListMatchesFake(page, fake, base);

  // "No sentiment" is local (the API cannot ask for a missing sentiment): checked against the
  // fake's data directly, and as the complement of the three sentiments the fake can count.
  const sentiment = await section(page, 'sentiment');
  const matching = fakeMatches(fake, base);
  const none = matching.filter((entry) => entry.session.sentiment === null);
  expect(fakeCount(fake, { ...base, sentiment: ['angry', 'happy', 'neutral'] })).toBe(
    matching.length - none.length,
  );
  await expect(countBeside(sentiment, 'No sentiment')).toHaveText(String(none.length));
  await option(sentiment, 'No sentiment').check();
  await expectListCount(page, none.length);
  await option(sentiment, 'Angry').check();
  await expectListCount(page, none.length + fakeCount(fake, { ...base, sentiment: ['angry'] }));
});

test('long lists: team, tag, language and assignee (by name, or unassigned), searchable', async ({
  page,
}) => {
  const agent = fake.truth().agents.find((a) => a.id === assigned.session.assignee_id)!;

  const tags = await section(page, 'tags');
  const find = tags.getByRole('searchbox', { name: 'Find a tag' });
  await expect(find).toBeVisible();
  await expect(tags.getByRole('checkbox')).toHaveCount(8);
  await find.fill('deliv');
  await expect(tags.getByRole('checkbox')).toHaveCount(1);
  await option(tags, 'delivery-delay').check();
  await expectListMatchesFake(page, fake, { tags: ['delivery-delay'] });
  await find.fill('');
  await option(tags, 'refund').check();
  await expectListMatchesFake(page, fake, { tags: ['delivery-delay', 'refund'] });
  await page.getByRole('button', { name: 'Clear all' }).click();

  const teams = await section(page, 'team_ids');
  await option(teams, 'Billing').check();
  const billing = fake.truth().teams.find((team) => team.name === 'Billing')!;
  await expectListMatchesFake(page, fake, { team_ids: [billing.id] });

  const languages = await section(page, 'languages');
  await option(languages, 'Spanish (es)').check();
  await expectListMatchesFake(page, fake, { team_ids: [billing.id], languages: ['es'] });
  await page.getByRole('button', { name: 'Clear all' }).click();

  const assignees = await section(page, 'assignee_ids');
  await expect(countBeside(assignees, 'Unassigned')).toHaveText(
    String(fakeCount(fake, { unassigned: true })),
  );
  await assignees.getByRole('searchbox', { name: 'Find a assignee' }).fill(agent.name);
  await option(assignees, agent.name).check();
  await expectListMatchesFake(page, fake, { assignee_ids: [agent.id] });
  await expect(page.getByTestId('filter-chip')).toHaveText([
    new RegExp(`Assignee:\\s*${agent.name}`),
  ]);
  await assignees.getByRole('searchbox', { name: 'Find a assignee' }).fill('');
  await option(assignees, 'Unassigned').check();
  await expectListMatchesFake(page, fake, { unassigned: true });
});

test('dates: presets stay relative, custom days are absolute', async ({ page }) => {
  const dates = await section(page, 'dates');
  await dates.getByRole('combobox', { name: 'Date range' }).selectOption({ label: 'Last 30 days' });
  await expect(page.getByTestId('filter-chip')).toHaveText([/Created:\s*Last 30 days/]);
  expect(await rememberedFilter(page)).toEqual({
    created_at: { within_last: { amount: 30, unit: 'days' } },
  });
  // A minute either side of "30 days ago" covers the moments between the page and the fake.
  const now = Date.parse(fake.truth().now);
  const since = (ms: number) => ({ created_at: { from: new Date(ms).toISOString() } });
  const atLeast = fakeCount(fake, since(now - 30 * 86_400_000 + 60_000));
  const atMost = fakeCount(fake, since(now - 30 * 86_400_000 - 60_000));
  await expect
    .poll(async () =>
      Number((await page.getByTestId('session-count').textContent())?.split(' ')[0]),
    )
    .toBeGreaterThanOrEqual(atLeast);
  const shown = Number((await page.getByTestId('session-count').textContent())?.split(' ')[0]);
  expect(shown).toBeLessThanOrEqual(atMost);

  // Custom days on the updated date: from the first day's midnight to the end of the last.
  await dates.getByRole('combobox', { name: 'Date field' }).selectOption({ label: 'Updated' });
  await dates.getByRole('combobox', { name: 'Date range' }).selectOption({ label: 'Custom…' });
  const day = (offset: number) => {
    const date = new Date(now + offset * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  };
  await dates.getByLabel('From day').fill(day(-20));
  await dates.getByLabel('To day').fill(day(-10));
  await expect(page.getByTestId('filter-chip')).toHaveText([/Updated:.* – /]);
  type Applied = { updated_at?: { from?: string; to?: string } };
  await expect
    .poll(async () => Object.keys(((await rememberedFilter(page)) as Applied).updated_at ?? {}))
    .toEqual(['from', 'to']);
  const applied = (await rememberedFilter(page)) as { updated_at: { from: string; to: string } };
  await expectListMatchesFake(page, fake, { updated_at: applied.updated_at });
});

test('contact type-ahead picks a cached contact by name, email or phone', async ({ page }) => {
  const withEmail = truth.find((entry) => entry.session.contact?.email)!;
  const contact = withEmail.session.contact!;
  const contacts = await section(page, 'contact');
  const box = contacts.getByRole('combobox', { name: 'Find a contact' });
  await box.fill(contact.email!.split('@')[0]!);
  const match = page.getByRole('option', { name: new RegExp(contact.name ?? contact.email!) });
  await expect(match.first()).toBeVisible();
  await match.first().click();
  await expectListMatchesFake(page, fake, { contact_ids: [contact.id] });
  await expect(page.getByTestId('filter-chip')).toHaveText([
    new RegExp(`Contact:\\s*${contact.name ?? contact.email}`),
  ]);
});

test('three-state booleans: handed off and assist mode', async ({ page }) => {
  const flags = await section(page, 'flags');
  await flags
    .getByRole('group', { name: 'Handed off' })
    .getByRole('radio', { name: 'Yes' })
    .check();
  await expectListMatchesFake(page, fake, { handed_off: true });
  await flags
    .getByRole('group', { name: 'Assist mode' })
    .getByRole('radio', { name: 'No' })
    .check();
  await expectListMatchesFake(page, fake, { handed_off: true, assist_mode: false });
  await flags.getByRole('group', { name: 'Handed off' }).getByRole('radio', { name: 'No' }).check();
  await expectListMatchesFake(page, fake, { handed_off: false, assist_mode: false });
  await flags
    .getByRole('group', { name: 'Handed off' })
    .getByRole('radio', { name: 'Any' })
    .check();
  await expectListMatchesFake(page, fake, { assist_mode: false });
});

test('custom data rows: keys from the cache, values typed as the cache holds them', async ({
  page,
}) => {
  const custom = await section(page, 'custom-data');
  const key = custom.getByRole('combobox', { name: 'Custom data key' });
  await expect(custom.locator('#custom-data-keys option')).toHaveCount(4);
  await key.fill('plan');
  await custom.getByRole('combobox', { name: 'Custom data value' }).fill('enterprise');
  await custom.getByRole('button', { name: 'Add' }).click();
  await expectListMatchesFake(page, fake, { custom_data: { plan: 'enterprise' } });

  // A number stays a number…
  await key.fill('order_count');
  await custom.getByRole('spinbutton', { name: 'Custom data value' }).fill('12');
  await custom.getByRole('button', { name: 'Add' }).click();
  await expectListMatchesFake(page, fake, { custom_data: { plan: 'enterprise', order_count: 12 } });
  expect((await rememberedFilter(page)).custom_data).toEqual({
    plan: 'enterprise',
    order_count: 12,
  });

  // …and true a boolean.
  await custom.getByRole('button', { name: 'Remove the custom data row order_count' }).click();
  await key.fill('vip');
  await custom.getByRole('combobox', { name: 'Custom data value' }).selectOption('true');
  await custom.getByRole('button', { name: 'Add' }).click();
  await expectListMatchesFake(page, fake, { custom_data: { plan: 'enterprise', vip: true } });
});

test('full-text search shows the count as you type', async ({ page }) => {
  const target = truth.find(
    (entry) =>
      entry.session.contact?.email &&
      truth.filter((other) => other.session.contact?.id === entry.session.contact?.id).length > 1,
  )!;
  const email = target.session.contact!.email!;
  const sameContact = truth.filter((entry) => entry.session.contact?.email === email);
  const box = page.getByRole('searchbox', { name: 'Search sessions' });
  // Partway through, the count is the engine's for what is typed so far…
  const partial = email.slice(0, 4);
  await box.pressSequentially(partial, { delay: 20 });
  const soFar = await callFromPage<{ total: number }>(page, 'sessions.list', {
    filter: { q: partial },
    limit: 1,
  });
  await expectListCount(page, soFar.total);
  // …and the whole address finds that contact's sessions.
  await box.pressSequentially(email.slice(4), { delay: 20 });
  await expectListCount(page, sameContact.length);
  await expect(page.getByTestId('filter-chip')).toHaveText([/Search:\s*“.+”/]);
});

test('the panel keeps unused sections closed: it fits a laptop screen', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const filters = panel(page);
  const closed = filters.locator('h3 button[aria-expanded="false"]');
  await expect(closed).toHaveCount(10);
  const height = await filters.evaluate((element) => element.scrollHeight);
  const screen = await filters.evaluate((element) => element.clientHeight);
  expect(height).toBeLessThanOrEqual(2 * screen);
  // A section in use opens by itself (a view applied, a link pasted).
  await page
    .getByRole('region', { name: 'Saved views' })
    .getByRole('button', { name: 'Handed off', exact: true })
    .click();
  await expect(filters.locator('[data-section="flags"] h3 button')).toHaveAttribute(
    'aria-expanded',
    'true',
  );
});

test('chips: each constraint removable above the list, and Clear all', async ({ page }) => {
  const status = await section(page, 'status');
  await option(status, 'Open').check();
  await option(status, 'Unresolved').check();
  const flags = await section(page, 'flags');
  await flags
    .getByRole('group', { name: 'Handed off' })
    .getByRole('radio', { name: 'Yes' })
    .check();
  const chips = page.getByTestId('filter-chip');
  await expect(chips).toHaveText([/Status:\s*Open/, /Status:\s*Unresolved/, /Handed off:\s*Yes/]);
  await expectListMatchesFake(page, fake, {
    status: ['open', 'closed_unresolved'],
    handed_off: true,
  });

  await page.getByRole('button', { name: 'Remove Status: Open' }).click();
  await expect(chips).toHaveText([/Status:\s*Unresolved/, /Handed off:\s*Yes/]);
  await expect(option(status, 'Open')).not.toBeChecked();
  await expectListMatchesFake(page, fake, { status: ['closed_unresolved'], handed_off: true });

  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(chips).toHaveCount(0);
  await expectListCount(page, truth.length);
});

test('the filter, search and sort survive a reload', async ({ page }) => {
  const status = await section(page, 'status');
  await option(status, 'Resolved').check();
  await page.getByRole('searchbox', { name: 'Search sessions' }).fill('a');
  await expect(page.getByTestId('filter-chip')).toHaveCount(2);
  // Sorted by ticket, lowest first (the header's second click).
  const ticket = page.locator('[role="columnheader"][data-column="ticket"]');
  await ticket.getByRole('button').click();
  await ticket.getByRole('button').click();
  await expect(ticket).toHaveAttribute('aria-sort', 'ascending');
  const count = await page.getByTestId('session-count').textContent();
  await expect.poll(async () => (await rememberedFilter(page)).q).toBe('a');
  const firstRow = await page.getByTestId('session-row').first().getAttribute('data-session-id');

  await page.reload();
  await expect(page.getByTestId('filter-chip')).toHaveText([/Status:\s*Resolved/, /Search:/]);
  await expect(page.getByRole('searchbox', { name: 'Search sessions' })).toHaveValue('a');
  await expect(page.getByTestId('session-count')).toHaveText(count!);
  await expect(ticket).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByTestId('session-row').first()).toHaveAttribute(
    'data-session-id',
    firstRow!,
  );
});

test('after a reload the list, counts and chart are asked for the remembered filter only, the list first', async ({
  page,
}) => {
  const status = await section(page, 'status');
  await option(status, 'Resolved').check();
  await expect.poll(() => rememberedFilter(page)).toEqual({ status: ['closed_resolved'] });

  // The engine answers one call at a time: counts or a chart of the empty filter, asked before
  // the remembered one is in place, would hold the list behind them for nothing.
  const asked: { channel: string; filter: unknown }[] = [];
  page.on('request', (request) => {
    const channel = /\/api\/call\/(sessions\.(?:list|facets|histogram))$/.exec(request.url())?.[1];
    if (!channel) return;
    const body = JSON.parse(request.postData() ?? '{}') as { filter?: unknown };
    asked.push({ channel, filter: body.filter });
  });
  await page.reload();
  await expect(page.getByTestId('filter-chip')).toHaveText([/Status:\s*Resolved/]);
  await expect.poll(() => asked.map((call) => call.channel)).toContain('sessions.facets');
  await expect.poll(() => asked.map((call) => call.channel)).toContain('sessions.histogram');
  expect(asked[0]?.channel).toBe('sessions.list');
  for (const call of asked) expect(call.filter).toEqual({ status: ['closed_resolved'] });
});

test('copy as a link or as text, and paste back', async ({ page, context }) => {
  const channel = await section(page, 'channels');
  await option(channel, 'Email').check();
  const expected = await expectListMatchesFake(page, fake, { channels: ['email'] });

  const share = panel(page).getByRole('button', { name: 'Share' });
  await share.click();
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByRole('textbox', { name: 'Shared filter' }).inputValue();
  expect(link).toContain('#view=');
  await page.getByRole('button', { name: 'Copy as text' }).click();
  const text = await page.getByRole('textbox', { name: 'Shared filter' }).inputValue();
  expect(JSON.parse(text)).toMatchObject({ filter: { channels: ['email'] } });

  await page.getByRole('button', { name: 'Clear all' }).click();
  await expectListCount(page, truth.length);
  await page.getByRole('textbox', { name: 'Paste a link or filter text' }).fill(text);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expectListCount(page, expected);

  // The link opens on the same filter, in another tab.
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('filter-chip')).toHaveText([/Channel:\s*Email/]);
  await expectListCount(other, expected);
  await other.close();

  // Something else is refused with a sentence.
  await page.getByRole('button', { name: 'Clear all' }).click();
  if ((await share.getAttribute('aria-expanded')) !== 'true') await share.click();
  await page
    .getByRole('textbox', { name: 'Paste a link or filter text' })
    .fill('{"status":["sleeping"]}');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(panel(page).getByRole('alert')).toContainText('That filter cannot be used');
});

test('the chart counts what the list shows, and brushing sets the date filter', async ({
  page,
}) => {
  const chart = page.getByTestId('session-chart');
  await expect(chart.getByTestId('chart-total')).toHaveAttribute(
    'data-total',
    String(truth.length),
  );
  const status = await section(page, 'status');
  await option(status, 'Open').check();
  const open = fakeCount(fake, { status: ['open'] });
  await expect(chart.getByTestId('chart-total')).toHaveAttribute('data-total', String(open));
  await chart.getByRole('combobox', { name: 'Stack by' }).selectOption('channel');
  await expect(chart.getByTestId('chart-total')).toHaveAttribute('data-total', String(open));

  // Drag across the middle of the plot: the created range becomes a filter, the list and the
  // chart follow it, and they agree.
  await expect(chart.locator('.u-legend')).toContainText('Web chat');
  const plot = chart.locator('.u-over');
  await expect(plot).toBeVisible();
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('filter-chip')).toHaveText([/Status:\s*Open/, /Created:/]);
  const applied = (await rememberedFilter(page)) as { created_at: { from: string; to: string } };
  const brushed = await expectListMatchesFake(page, fake, {
    status: ['open'],
    created_at: applied.created_at,
  });
  await expect(chart.getByTestId('chart-total')).toHaveAttribute('data-total', String(brushed));
});

test('saved views: built-ins with live counts, active and modified, save as, rename, reorder, delete with undo', async ({
  page,
}) => {
  const views = page.getByRole('region', { name: 'Saved views' });
  const names = () => views.getByTestId('saved-view').locator('.view').allTextContents();
  expect(await names()).toEqual(
    expect.arrayContaining(['Open', 'Unresolved', 'Handed off', 'Angry', 'Last 7 days']),
  );
  const row = (name: string) =>
    views
      .getByTestId('saved-view')
      .filter({ has: page.getByRole('button', { name, exact: true }) });
  await expect(row('Open').getByTestId('view-count')).toHaveText(
    String(fakeCount(fake, { status: ['open'] })),
  );
  await expect(row('Angry').getByTestId('view-count')).toHaveText(
    String(fakeCount(fake, { sentiment: ['angry'] })),
  );
  await expect(row('Handed off').getByTestId('view-count')).toHaveText(
    String(fakeCount(fake, { handed_off: true })),
  );

  await views.getByRole('button', { name: 'Angry', exact: true }).click();
  await expect(views.getByRole('button', { name: 'Angry', exact: true })).toHaveAttribute(
    'aria-current',
    'true',
  );
  await expectListMatchesFake(page, fake, { sentiment: ['angry'] });

  // Drift from the view: "modified", with Save as; a taken name is refused in a sentence.
  const channel = await section(page, 'channels');
  await option(channel, 'Web chat').check();
  await expect(row('Angry').getByTestId('view-modified')).toBeVisible();
  await views.getByRole('button', { name: 'Save as…' }).click();
  await views.getByRole('textbox', { name: 'View name' }).fill('open');
  await views.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(views.getByRole('alert')).toContainText('A view named “open” already exists');
  await views.getByRole('textbox', { name: 'View name' }).fill('Angry on the web');
  await views.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(row('Angry on the web')).toHaveClass(/active/);
  await expect(row('Angry on the web').getByTestId('view-count')).toHaveText(
    String(fakeCount(fake, { sentiment: ['angry'], channels: ['web'] })),
  );

  // The view keeps the list's columns as they were when it was saved.
  const saved = (
    await callFromPage<{ name: string; columns: string[] | null }[]>(page, 'views.list')
  ).find((view) => view.name === 'Angry on the web')!;
  const shownColumns = await page
    .locator('[role="columnheader"]')
    .evaluateAll((headers) => headers.map((header) => header.getAttribute('data-column')));
  expect(saved.columns).toEqual(shownColumns);

  // Rename.
  await row('Angry on the web')
    .getByRole('button', { name: 'Rename the view Angry on the web' })
    .click();
  await views.getByRole('textbox', { name: 'View name' }).fill('Angry web');
  await views.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(row('Angry web')).toBeVisible();

  // Reorder from the keyboard: Alt+↑ moves the focused view up; the order is kept.
  const before = await names();
  const index = before.indexOf('Angry web');
  await views.getByRole('button', { name: 'Angry web', exact: true }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  const moved = [...before];
  moved.splice(index, 1);
  moved.splice(index - 1, 0, 'Angry web');
  await expect.poll(names).toEqual(moved);
  await page.reload();
  await expect.poll(names).toEqual(moved);

  // Drag a view onto another's place.
  const dragged = views.getByTestId('saved-view').filter({ hasText: 'Last 7 days' });
  await dragged.dragTo(views.getByTestId('saved-view').first());
  const dropped = ['Last 7 days', ...moved.filter((name) => name !== 'Last 7 days')];
  await expect.poll(names).toEqual(dropped);
  moved.splice(0, moved.length, ...dropped);

  // Delete, then undo: back in its place.
  await row('Unresolved').getByRole('button', { name: 'Delete the view Unresolved' }).click();
  await expect.poll(names).toEqual(moved.filter((name) => name !== 'Unresolved'));
  await views.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(names).toEqual(moved);
});

test('everything works from the cache when OpenCX is unreachable', async ({ page }) => {
  await fake.close();
  await page.reload();
  const status = await section(page, 'status');
  await option(status, 'Unresolved').check();
  await expectListMatchesFake(page, fake, { status: ['closed_unresolved'] });
  await expect(page.getByTestId('chart-total')).toHaveAttribute(
    'data-total',
    String(fakeCount(fake, { status: ['closed_unresolved'] })),
  );
  const contact = truth.find((entry) => entry.session.contact?.name)!.session.contact!;
  const contacts = await section(page, 'contact');
  await contacts.getByRole('combobox', { name: 'Find a contact' }).fill(contact.name!);
  await expect(page.getByRole('option', { name: new RegExp(contact.name!) }).first()).toBeVisible();
  const views = page.getByRole('region', { name: 'Saved views' });
  await expect(views.getByTestId('view-count').first()).not.toHaveText('');
  const custom = await section(page, 'custom-data');
  await expect(custom.locator('#custom-data-keys option')).toHaveCount(4);
});
