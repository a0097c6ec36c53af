import { expect, type Page } from '@playwright/test';

// Reading the virtualised session grid from a test: only the rows in view are in the DOM, so a
// test that needs every listed session scrolls through the grid and collects them.

export interface GridRow {
  index: number;
  id: string;
}

/**
 * The rows rendered now, in list order, once none of them is still loading or still the
 * previous query's.
 */
export async function renderedRows(page: Page): Promise<GridRow[]> {
  await expect(page.getByTestId('session-row-placeholder')).toHaveCount(0);
  await expect(page.getByTestId('session-row-stale')).toHaveCount(0);
  return page.getByTestId('session-row').evaluateAll((rows) =>
    rows.map((row) => ({
      index: Number(row.getAttribute('data-index')),
      id: row.getAttribute('data-session-id') ?? '',
    })),
  );
}

/** Scrolls the grid's scroll space to `top` (px), or to the end with 'end'. */
export async function scrollGrid(page: Page, top: number | 'end'): Promise<void> {
  await page.getByTestId('session-grid').evaluate((grid, to) => {
    grid.scrollTop = to === 'end' ? grid.scrollHeight : to;
    grid.dispatchEvent(new Event('scroll'));
  }, top);
}

/** Every session id the list holds, in list order, read by scrolling through the grid. */
export async function allRowIds(page: Page): Promise<string[]> {
  const grid = page.getByTestId('session-grid');
  const seen = new Map<number, string>();
  await scrollGrid(page, 0);
  for (let step = 0; step < 10_000; step += 1) {
    for (const row of await renderedRows(page)) seen.set(row.index, row.id);
    const { top, max, view } = await grid.evaluate((el) => ({
      top: el.scrollTop,
      max: el.scrollHeight - el.clientHeight,
      view: el.clientHeight,
    }));
    if (top >= max - 1) break;
    await scrollGrid(page, Math.min(max, top + view - 80));
  }
  return [...seen.entries()].sort(([a], [b]) => a - b).map(([, id]) => id);
}
