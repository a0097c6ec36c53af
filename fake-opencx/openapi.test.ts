import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckedFake, type CheckedFake } from './test-support/checked-fake';
import { FakeApi } from './test-support/fake-api';
import { OpenApiResponseValidator } from './test-support/openapi-validator';

describe('openapi.json', () => {
  let checked: CheckedFake;
  let api: FakeApi;

  beforeAll(async () => {
    checked = await startCheckedFake({
      sessions: 60,
      extraTokens: [{ token: 'ocx_no_scope', scopes: ['tags:read'] }],
      rateLimit: { perMinute: 1000 },
    });
    api = new FakeApi(checked.fake);
  });
  afterAll(async () => {
    await checked.fake.close();
  });

  it('describes every answer of every endpoint, successful or not', async () => {
    const id = checked.fake.truth().sessions[0]?.session.id ?? '';
    await api.filter({});
    await api.filter({ limit: 100, sort_by: 'created_at', sort_order: 'asc' });
    await api.filter({ filters: { nope: true } });
    await api.post('/chat/sessions/filter', '{not json');
    await api.get(`/chat/sessions/${id}`);
    await api.get('/chat/sessions/00000000-0000-4000-8000-000000000000');
    const history = (await api.get(`/chat/sessions/${id}/history`)).json() as {
      next: string | null;
    };
    if (history.next) await api.get(`/chat/sessions/${id}/history?cursor=${history.next}`);
    await api.get(`/chat/sessions/${id}/history?cursor=bogus`);
    await api.get('/chat/sessions/00000000-0000-4000-8000-000000000000/history');
    const list = (await api.get('/chat/sessions?status=open')).json() as { next: string | null };
    await api.get(`/chat/sessions?cursor=${list.next ?? ''}`);
    await api.get('/chat/sessions?channel_type=fax');
    await api.get('/tags');
    await api.get('/teams');
    await api.get('/nowhere');
    await api.get('/tags', null);
    await api.get('/tags', 'ocx_wrong');
    await api.get('/tags', 'ocx_no_scope');
    checked.fake.setFaults({ serverError: { every: 1 } });
    await api.get('/teams');
    checked.fake.setFaults({ rateLimitStorm: { every: 1 } });
    await api.get('/teams');
    checked.fake.setFaults({});

    expect(checked.violations).toEqual([]);
    expect([...checked.seen].sort()).toEqual(
      expect.arrayContaining([
        'POST /chat/sessions/filter 200',
        'POST /chat/sessions/filter 400',
        'GET /chat/sessions/{id} 200',
        'GET /chat/sessions/{id} 404',
        'GET /chat/sessions/{id}/history 200',
        'GET /chat/sessions/{id}/history 400',
        'GET /chat/sessions/{id}/history 404',
        'GET /chat/sessions 200',
        'GET /chat/sessions 400',
        'GET /tags 200',
        'GET /tags 401',
        'GET /tags 403',
        'GET /teams 200',
        'GET /nowhere 404',
        'GET /teams 429',
      ]),
    );
    expect(checked.checked()).toBeGreaterThanOrEqual(20);
  });

  it('rejects a session body that leaks the hidden last_message_at', () => {
    const validator = new OpenApiResponseValidator();
    const session = checked.fake.truth().sessions[0]?.session;
    const leaked = JSON.stringify({ ...session, last_message_at: '2026-01-01T00:00:00.000Z' });
    expect(
      validator.check('GET', `/chat/sessions/${session?.id}`, 200, JSON.stringify(session)),
    ).toBeNull();
    expect(validator.check('GET', `/chat/sessions/${session?.id}`, 200, leaked)).toMatch(
      /additional properties/,
    );
  });

  it('rejects an error body without statusCode and an undocumented status', () => {
    const validator = new OpenApiResponseValidator();
    expect(validator.check('GET', '/tags', 401, '{"message":"no","error":"Unauthorized"}')).toMatch(
      /statusCode/,
    );
    expect(validator.check('GET', '/tags', 418, '{}')).toMatch(/not documented/);
  });
});
