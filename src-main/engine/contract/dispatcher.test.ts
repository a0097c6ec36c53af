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
    'sessions.ids': unused,
    'sessions.get': unused,
    'sessions.history': unused,
    'sessions.facets': unused,
    'sessions.histogram': unused,
    'contacts.search': unused,
    'custom_data.keys': unused,
    'custom_data.values': unused,
    'views.list': unused,
    'views.save': unused,
    'views.delete': unused,
    'views.restore': unused,
    'views.reorder': unused,
    'views.counts': unused,
    'workspace.load': unused,
    'workspace.save': unused,
    'workspace.columns.load': unused,
    'workspace.columns.save': unused,
    'sync.run': unused,
    'sync.cancel': unused,
    'sync.status': unused,
    'sessions.export': unused,
    'sessions.export.cancel': unused,
    'sessions.export.reveal': unused,
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

  it('refuses input nested thousands of levels deep with a sentence, before anything walks it', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const dispatch = createDispatcher(handlers());
    for (const input of [deep, { filter: deep }, { filter: { tags: [deep] } }]) {
      expect(await dispatch('sessions.list', input)).toEqual({
        ok: false,
        error: {
          code: 'invalid_input',
          message:
            'The input for sessions.list is nested more than 32 levels deep; Session Desk accepts at most 32.',
        },
      });
    }
  });

  it('refuses a filter list longer than 500 items in a sentence naming the list and its length', async () => {
    const dispatch = createDispatcher(handlers());
    const tags = Array.from({ length: 32_766 }, (_, i) => `tag-${i}`);
    expect(await dispatch('sessions.list', { filter: { tags } })).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          'The input for sessions.list is not valid at filter.tags: it has 32766 items; at most 500 are allowed.',
      },
    });
    const custom_data = Object.fromEntries(Array.from({ length: 993 }, (_, i) => [`k${i}`, i]));
    const saved = await dispatch('views.save', { name: 'huge', filter: { custom_data } });
    expect(saved).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!saved.ok)
      expect(saved.error.message).toContain(
        'filter.custom_data: it has 993 keys; at most 500 are allowed',
      );
  });

  it('refuses a custom_data key __proto__ instead of dropping it and matching everything', async () => {
    const dispatch = createDispatcher(
      handlers({ 'sessions.facets': () => Promise.reject(new Error('must not run')) }),
    );
    const input: unknown = JSON.parse('{"filter":{"custom_data":{"__proto__":"pro"}}}');
    const result = await dispatch('sessions.facets', input);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!result.ok) expect(result.error.message).toContain('__proto__');
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
