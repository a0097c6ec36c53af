import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/app-error';
import type { SessionsPage } from '../../../src-shared/contract/results';
import { createDispatcher, type ContractHandlers } from './dispatcher';

function handlers(overrides: Partial<ContractHandlers> = {}): ContractHandlers {
  const unused = () => Promise.reject(new Error('not used in this test'));
  return {
    'app.status': unused,
    'accounts.list': unused,
    'accounts.add': unused,
    'accounts.update': unused,
    'accounts.remove': unused,
    'accounts.switch': unused,
    'connectivity.hint': unused,
    'sessions.list': unused,
    'sessions.get': unused,
    'sessions.history': unused,
    'sessions.facets': unused,
    'views.list': unused,
    'views.save': unused,
    'views.delete': unused,
    'sync.run': unused,
    'sync.cancel': unused,
    'sync.status': unused,
    ...overrides,
  };
}

describe('the validating dispatcher', () => {
  it('refuses a channel the contract does not declare', async () => {
    const dispatch = createDispatcher(handlers());
    const result = await dispatch('fs.readFile', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'unknown_channel', message: 'There is no channel named fs.readFile.' },
    });
  });

  it('names the offending field when the input breaks the schema', async () => {
    const dispatch = createDispatcher(handlers());
    const result = await dispatch('sessions.list', { filter: { status: ['bogus'] } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toContain('filter.status[0]');
  });

  it('refuses unknown keys instead of ignoring them', async () => {
    const dispatch = createDispatcher(handlers());
    const result = await dispatch('sessions.list', { filter: { stauts: ['open'] } });
    expect(result.ok).toBe(false);
  });

  it('passes defaults-filled input to the handler and wraps its value', async () => {
    let seen: unknown;
    const page: SessionsPage = { items: [], total: 0, next_cursor: null, sorted_by: 'created_at' };
    const dispatch = createDispatcher(
      handlers({
        'sessions.list': (input) => {
          seen = input;
          return Promise.resolve(page);
        },
      }),
    );
    const result = await dispatch('sessions.list', undefined);
    expect(result).toEqual({ ok: true, value: page });
    expect(seen).toEqual({
      filter: {},
      sort: { field: 'last_message_at', order: 'desc' },
      limit: 100,
      cursor: null,
    });
  });

  it('keeps the code of an AppError thrown by a handler', async () => {
    const dispatch = createDispatcher(
      handlers({ 'sync.run': () => Promise.reject(new AppError('offline', 'No connection.')) }),
    );
    expect(await dispatch('sync.run', {})).toEqual({
      ok: false,
      error: { code: 'offline', message: 'No connection.' },
    });
  });

  it('turns an unexpected exception into an internal error with its message', async () => {
    const dispatch = createDispatcher(
      handlers({ 'sync.status': () => Promise.reject(new TypeError('boom')) }),
    );
    const result = await dispatch('sync.status', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'internal' });
  });
});
