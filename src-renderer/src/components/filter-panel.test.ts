import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../src-shared/contract/api';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { queryMemory } from '../state/query-memory.svelte';
import { sessionQuery } from '../state/session-query.svelte';
import FilterChips from './FilterChips.svelte';
import FilterPanel from './FilterPanel.svelte';

// The panel and the chips edit one filter: what they send is what the list asks the engine for.

let filters: SessionFilter[];
let facetAsks: SessionFilter[];

beforeEach(() => {
  filters = [];
  facetAsks = [];
  localStorage.clear();
  const ok = (value: unknown) => Promise.resolve({ ok: true, value });
  window.api = {
    'sessions.list': (input: { filter?: SessionFilter } = {}) => {
      filters.push(input.filter ?? {});
      return ok({ items: [], total: 0, next_cursor: null, sorted_by: 'updated_at' });
    },
    'sessions.facets': (input: { filter?: SessionFilter } = {}) => {
      facetAsks.push(input.filter ?? {});
      return ok({
        facets: {
          status: [{ value: 'open', label: null, count: 3 }],
          sentiment: [
            { value: 'angry', label: null, count: 2 },
            { value: null, label: null, count: 5 },
          ],
          assignee: [
            { value: '42', label: 'Ada Lovelace', count: 4 },
            { value: null, label: null, count: 9 },
          ],
        },
        skipped: [],
        elapsed_ms: 1,
      });
    },
    'views.list': () => ok([]),
    'views.counts': () => ok({ counts: {}, skipped: [], elapsed_ms: 0 }),
    'custom_data.keys': () => ok([]),
  } as unknown as RendererApi;
  sessionQuery.filter = {};
  // As after start-up: the account's remembered query is in place.
  queryMemory.restored = true;
});

afterEach(() => {
  cleanup();
  sessionQuery.filter = {};
});

const last = () => filters.at(-1);

describe('the filter panel', () => {
  it('asks for no counts until the remembered query is in place, then for that query', async () => {
    queryMemory.restored = false;
    render(FilterPanel);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(facetAsks).toEqual([]);

    sessionQuery.filter = { status: ['open'] };
    queryMemory.restored = true;
    await waitFor(() => expect(facetAsks).toEqual([{ status: ['open'] }]));
  });

  it('keeps unused sections closed, opens one on demand, and shows its counts', async () => {
    render(FilterPanel);
    expect(screen.getByRole('button', { name: /^Sentiment/ }).getAttribute('aria-expanded')).toBe(
      'false',
    );
    expect(screen.queryByRole('checkbox', { name: /^No sentiment/ })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: /^Sentiment/ }));
    const none = await screen.findByRole('checkbox', { name: /^No sentiment/ });
    // The counts are asked a moment after the list (facets.svelte.ts).
    await waitFor(() => expect(none.closest('label')?.textContent).toContain('5'));
    await fireEvent.click(none);
    expect(last()).toEqual({ sentiment: ['none'] });
  });

  it('offers agents by name and "Unassigned", which excludes named agents', async () => {
    render(FilterPanel);
    await fireEvent.click(screen.getByRole('button', { name: /^Assignee/ }));
    await fireEvent.click(await screen.findByRole('checkbox', { name: /^Ada Lovelace/ }));
    expect(last()).toEqual({ assignee_ids: ['42'] });
    await fireEvent.click(screen.getByRole('checkbox', { name: /^Unassigned/ }));
    expect(last()).toEqual({ unassigned: true });
  });

  it('sets three-state flags and a relative date preset', async () => {
    render(FilterPanel);
    await fireEvent.click(screen.getByRole('button', { name: /^Handed off/ }));
    const handedOff = screen.getByRole('group', { name: 'Handed off' });
    await fireEvent.click(within(handedOff).getByRole('radio', { name: 'No' }));
    expect(last()).toEqual({ handed_off: false });
    await fireEvent.click(screen.getByRole('button', { name: /^Dates/ }));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Date range' }), {
      target: { value: 'last_7_days' },
    });
    expect(last()).toEqual({
      handed_off: false,
      created_at: { within_last: { amount: 7, unit: 'days' } },
    });
  });
});

describe('the chips', () => {
  it('show each constraint, remove one, and clear all', async () => {
    sessionQuery.filter = { status: ['open'], assist_mode: true, custom_data: { plan: 'pro' } };
    render(FilterChips);
    const chips = screen.getAllByTestId('filter-chip').map((chip) => chip.textContent?.trim());
    expect(chips).toEqual([
      expect.stringMatching(/Status:\s*Open/),
      expect.stringMatching(/Assist mode:\s*Yes/),
      expect.stringMatching(/plan:\s*“pro”/),
    ]);
    await fireEvent.click(screen.getByRole('button', { name: 'Remove Assist mode: Yes' }));
    expect(last()).toEqual({ status: ['open'], custom_data: { plan: 'pro' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Clear all' }));
    expect(last()).toEqual({});
    await waitFor(() => expect(screen.queryByTestId('filter-chip')).toBeNull());
  });
});
