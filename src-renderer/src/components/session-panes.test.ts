import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../src-shared/contract/api';
import type { SessionsListInput } from '../../../src-shared/contract/channels';
import type { Session } from '../../../src-shared/opencx/session';
import { sessionQuery } from '../state/session-query.svelte';
import FilterPanel from './FilterPanel.svelte';
import SessionList from './SessionList.svelte';

function session(id: string, status: string, ticket: number): Session {
  return {
    id,
    status,
    channel: { type: 'web' },
    ticket_number: ticket,
    assist_mode: false,
    created_at: '2026-11-01T10:00:00.000Z',
    updated_at: '2026-11-02T10:00:00.000Z',
    contact: { id: `c-${id}`, name: `Contact ${id}` },
  };
}

const all = [session('a', 'open', 1), session('b', 'closed_resolved', 2), session('c', 'open', 3)];
let requests: SessionsListInput[];

beforeEach(() => {
  requests = [];
  // The transport double answers like the engine would, from an in-memory list.
  window.api = {
    'sessions.list': (input: SessionsListInput = {}) => {
      requests.push(input);
      const statuses = input.filter?.status;
      const items = statuses ? all.filter((s) => statuses.includes(s.status as never)) : all;
      return Promise.resolve({
        ok: true,
        value: { items, total: items.length, next_cursor: null, sorted_by: 'updated_at' },
      });
    },
  } as unknown as RendererApi;
  sessionQuery.filter = {};
});

afterEach(() => {
  cleanup();
  sessionQuery.filter = {};
});

describe('the filter panel and the session list', () => {
  it('lists what the engine returns, with the count', async () => {
    render(SessionList);
    await sessionQuery.refresh();
    await waitFor(() => expect(screen.getAllByTestId('session-row')).toHaveLength(3));
    expect(screen.getByTestId('session-count').textContent).toBe('3 sessions');
    expect(screen.getByText('Contact a')).toBeTruthy();
  });

  it('asks the engine for the ticked status and shows only its answer', async () => {
    render(FilterPanel);
    render(SessionList);
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Open' }));
    await waitFor(() => expect(screen.getAllByTestId('session-row')).toHaveLength(2));
    expect(requests.at(-1)?.filter).toEqual({ status: ['open'] });
    expect(screen.getByTestId('session-count').textContent).toBe('2 sessions');
  });

  it('clears every filter with one button', async () => {
    render(FilterPanel);
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Resolved' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(requests.at(-1)?.filter).toEqual({});
  });
});
