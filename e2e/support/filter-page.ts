import { expect, type Locator, type Page } from '@playwright/test';
import { applyFakeFilter, type FakeFilters, type FakeOpencx } from '../../fake-opencx/server';
import type { TruthSession } from '../../fake-opencx/server';

// The filter panel, chips and list as the filter specs drive them, and the fake server's own
// answer for the same filter (fake-opencx/filter: an implementation independent of the engine's).

/** The sessions the fake server matches for `filters`, in its order. */
export function fakeMatches(fake: FakeOpencx, filters: FakeFilters): TruthSession[] {
  return applyFakeFilter(fake.truth(), { filters, limit: 100 }).matching;
}

export function fakeCount(fake: FakeOpencx, filters: FakeFilters): number {
  return fakeMatches(fake, filters).length;
}

export function sessionsText(count: number): string {
  return `${count.toLocaleString('en-US')} session${count === 1 ? '' : 's'}`;
}

/** Waits for the list to say `count` sessions. */
export async function expectListCount(page: Page, count: number): Promise<void> {
  await expect(page.getByTestId('session-count')).toHaveText(sessionsText(count));
}

/** A contract call from the page, as the renderer makes it (window.api). */
export async function callFromPage<T>(page: Page, channel: string, input?: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([name, value]) => {
      const api = (
        window as unknown as { api: Record<string, (input?: unknown) => Promise<unknown>> }
      ).api;
      return api[name as string]!(value);
    },
    [channel, input] as const,
  );
  const answer = result as { ok: boolean; value?: T; error?: { message: string } };
  if (!answer.ok) throw new Error(`${channel}: ${answer.error?.message}`);
  return answer.value as T;
}

/**
 * A contract call straight to the web host, with the token its page carries: for setting up a
 * cache before any page has asked anything of it.
 */
export async function callHost<T>(url: string, channel: string, input: unknown = {}): Promise<T> {
  const page = await (await fetch(url)).text();
  const token = /name="session-desk-token" content="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('The web host served no token.');
  const response = await fetch(new URL(`/api/call/${channel}`, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const answer = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!answer.ok) throw new Error(`${channel}: ${answer.error?.message}`);
  return answer.value as T;
}

/** The filter the page holds now, as it remembered it for the account (the engine's copy). */
export async function rememberedFilter(page: Page): Promise<Record<string, unknown>> {
  const loaded = await callFromPage<{ workspace: { filter: Record<string, unknown> } | null }>(
    page,
    'workspace.load',
  );
  return loaded.workspace?.filter ?? {};
}

/** Every session id the engine lists for `filter` (up to 500). */
export async function engineIds(page: Page, filter: unknown): Promise<string[]> {
  const page1 = await callFromPage<{ items: { id: string }[] }>(page, 'sessions.list', {
    filter,
    limit: 500,
  });
  return page1.items.map((item) => item.id);
}

/**
 * Checks the list against the fake for the filter the page applied: the count shown, the ids the
 * engine returns for the page's own filter, and every row on screen.
 */
export async function expectListMatchesFake(
  page: Page,
  fake: FakeOpencx,
  filters: FakeFilters,
): Promise<number> {
  const expected = fakeMatches(fake, filters);
  await expectListCount(page, expected.length);
  // The page saves its filter for the account as it changes: once saved, the engine's answer
  // for exactly that filter is the fake's.
  const wanted = [...expected.map((entry) => entry.session.id)].sort();
  await expect
    .poll(async () => (await engineIds(page, await rememberedFilter(page))).sort())
    .toEqual(wanted);
  const shown = await page
    .getByTestId('session-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-session-id')));
  const allowed = new Set(expected.map((entry) => entry.session.id));
  for (const id of shown) expect(allowed.has(id as string)).toBe(true);
  return expected.length;
}

/** A filter-panel section, opened. */
export async function section(page: Page, id: string): Promise<Locator> {
  const found = page.locator(`[data-section="${id}"]`);
  const toggle = found.locator('h3 button');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  return found;
}

/** The checkbox of a value (its label starts with `name`). */
export function option(scope: Locator, name: string): Locator {
  return scope.getByRole('checkbox', { name: new RegExp(`^${escape(name)}(\\s|$)`) });
}

/** The facet count beside a value. */
export function countBeside(scope: Locator, name: string): Locator {
  const checkbox = scope
    .page()
    .getByRole('checkbox', { name: new RegExp(`^${escape(name)}(\\s|$)`) });
  return scope.locator('label', { has: checkbox }).getByTestId('facet-count');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Starts every test from no filter, the default sort and no active view. */
export async function freshPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await callFromPage(page, 'workspace.save', {
    filter: {},
    sort: { field: 'last_message_at', order: 'desc' },
    view_id: null,
  });
  await page.goto(url);
  await expect(page.getByTestId('session-count')).not.toHaveText('0 sessions');
}
