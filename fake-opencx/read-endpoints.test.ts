import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeEvent, FakeSession, TruthSnapshot } from './data/fake-session';
import { startCheckedFake, type CheckedFake } from './test-support/checked-fake';
import { FakeApi } from './test-support/fake-api';

let checked: CheckedFake;
let api: FakeApi;
let truth: TruthSnapshot;

beforeAll(async () => {
  checked = await startCheckedFake({
    sessions: 120,
    seed: 3,
    rateLimit: false,
    extraTokens: [
      { token: 'ocx_tags_only', scopes: ['tags:read'] },
      { token: 'ocx_reader', scopes: ['chat-sessions:read'] },
    ],
  });
  api = new FakeApi(checked.fake);
  truth = checked.fake.truth();
});
afterAll(async () => {
  await checked.fake.close();
});

const UNAUTHORIZED = { statusCode: 401, message: 'Unauthorized', error: 'Unauthorized' };

describe('authentication', () => {
  it.each([
    ['no Authorization header', null],
    ['an unknown key', 'ocx_live_unknown'],
  ])('answers %s with the documented 401 on every endpoint', async (_, token) => {
    for (const path of [
      '/tags',
      '/teams',
      '/chat/sessions',
      `/chat/sessions/${truth.sessions[0]?.session.id}`,
    ]) {
      const answer = await api.get(path, token);
      expect(answer.status).toBe(401);
      expect(answer.json()).toEqual(UNAUTHORIZED);
    }
    const filter = await api.post('/chat/sessions/filter', {}, token);
    expect(filter.status).toBe(401);
    expect(filter.json()).toEqual(UNAUTHORIZED);
  });

  it('rejects a header that is not a Bearer token', async () => {
    const response = await fetch(`${checked.fake.url}/tags`, {
      headers: { authorization: `Basic ${checked.fake.token}` },
    });
    expect(response.status).toBe(401);
  });

  it('answers a key without the chat-sessions:read scope with 403', async () => {
    const answer = await api.post('/chat/sessions/filter', {}, 'ocx_tags_only');
    expect(answer.status).toBe(403);
    expect(answer.json()).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect((answer.json() as { message: string }).message).toContain('chat-sessions:read');
  });

  it('accepts an extra key that has the scope', async () => {
    expect((await api.get('/teams', 'ocx_reader')).status).toBe(200);
  });
});

describe('GET /chat/sessions/{id}', () => {
  it('answers the session exactly as the filter endpoint shows it', async () => {
    const entry = truth.sessions[17];
    const answer = await api.get(`/chat/sessions/${entry?.session.id}`);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual(entry?.session);
  });

  it('answers an unknown id with a 404 error body', async () => {
    const answer = await api.get('/chat/sessions/7b1f9a70-0000-4000-8000-000000000000');
    expect(answer.status).toBe(404);
    expect(answer.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers an unknown route with a 404 error body', async () => {
    const answer = await api.get('/chat/conversations');
    expect(answer.status).toBe(404);
    expect(answer.json()).toEqual({
      statusCode: 404,
      message: 'Cannot GET /chat/conversations',
      error: 'Not Found',
    });
  });
});

async function wholeHistory(id: string): Promise<{ events: FakeEvent[]; pages: number }> {
  const events: FakeEvent[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const answer = await api.get(
      `/chat/sessions/${id}/history${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(answer.status).toBe(200);
    const page = answer.json() as { items: FakeEvent[]; next: string | null };
    events.push(...page.items);
    cursor = page.next;
    pages++;
  } while (cursor);
  return { events, pages };
}

describe('GET /chat/sessions/{id}/history', () => {
  it('gives every session a transcript whose last message is at the hidden last_message_at', async () => {
    for (const entry of truth.sessions.slice(0, 40)) {
      const { events } = await wholeHistory(entry.session.id);
      const messages = events.filter((e) => e.event.type === 'message');
      expect(messages.length).toBeGreaterThanOrEqual(2);
      expect(messages.at(-1)?.created_at).toBe(entry.last_message_at);
      expect(events[0]?.created_at).toBe(entry.session.created_at);
      const times = events.map((e) => e.created_at);
      expect(times).toEqual([...times].sort());
    }
  });

  it('names the human agent of a handed-off, assigned session, with handoff and joined events', async () => {
    const entry = truth.sessions.find((e) => e.session.handoff && e.session.assignee_id);
    if (!entry) throw new Error('no handed-off assigned session in the data');
    const agent = truth.agents.find((a) => a.id === entry.session.assignee_id);
    const { events } = await wholeHistory(entry.session.id);
    const types = events.map((e) => e.event.type);
    expect(types).toContain('handoff');
    expect(types).toContain('human_agent_joined');
    expect(
      events.some(
        (e) => e.event.sender?.type === 'human_agent' && e.event.sender.name === agent?.name,
      ),
    ).toBe(true);
  });

  it('answers a cursor it did not give out with 400, and an unknown session with 404', async () => {
    const id = truth.sessions[1]?.session.id ?? '';
    expect((await api.get(`/chat/sessions/${id}/history?cursor=abc`)).status).toBe(400);
    expect((await api.get('/chat/sessions/nope/history')).status).toBe(404);
  });

  it('includes attachments on some contact messages across the data set', async () => {
    let attachments = 0;
    for (const entry of truth.sessions.slice(0, 120)) {
      const { events } = await wholeHistory(entry.session.id);
      attachments += events.filter((e) => e.event.attachments?.length).length;
    }
    expect(attachments).toBeGreaterThan(0);
  });
});

async function wholeList(query: string): Promise<FakeSession[]> {
  const sessions: FakeSession[] = [];
  let cursor: string | null = null;
  do {
    const separator = query ? '&' : '';
    const answer = await api.get(
      `/chat/sessions?${query}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(answer.status, answer.text).toBe(200);
    const page = answer.json() as { items: FakeSession[]; next: string | null };
    expect(page.items.length).toBeLessThanOrEqual(25);
    sessions.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return sessions;
}

describe('GET /chat/sessions', () => {
  it('walks every session once, newest created first', async () => {
    const sessions = await wholeList('');
    expect(sessions).toHaveLength(truth.sessions.length);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(truth.sessions.length);
    const created = sessions.map((s) => s.created_at);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('applies the single-valued filters, after inclusive and before exclusive', async () => {
    const pivot = truth.sessions[60]?.session.created_at ?? '';
    const expected = truth.sessions
      .map((e) => e.session)
      .filter(
        (s) =>
          s.status === 'closed_resolved' &&
          s.channel.type === 'web' &&
          s.handoff === undefined &&
          s.created_at >= pivot,
      )
      .map((s) => s.id)
      .sort();
    const got = await wholeList(
      `status=closed_resolved&channel_type=web&handed_off=false&created_after=${encodeURIComponent(pivot)}`,
    );
    expect(got.map((s) => s.id).sort()).toEqual(expected);
    const before = await wholeList(`created_before=${encodeURIComponent(pivot)}`);
    expect(before.every((s) => s.created_at < pivot)).toBe(true);
    const updated = await wholeList(
      `updated_after=${encodeURIComponent(pivot)}&updated_before=${encodeURIComponent(truth.now)}`,
    );
    expect(updated.every((s) => s.updated_at >= pivot && s.updated_at < truth.now)).toBe(true);
  });

  it.each([
    ['status=pending', 'status'],
    ['channel_type=fax', 'channel_type'],
    ['handed_off=yes', 'handed_off'],
    ['created_after=monday', 'created_after'],
    ['limit=10', 'limit'],
    ['cursor=zzz', 'cursor'],
  ])('answers ?%s with a 400 naming %s', async (query, field) => {
    const answer = await api.get(`/chat/sessions?${query}`);
    expect(answer.status).toBe(400);
    expect((answer.json() as { message: string }).message).toContain(field);
  });
});

describe('GET /tags and GET /teams', () => {
  it('lists the tags as a bare array of named tags', async () => {
    const tags = (await api.get('/tags')).json() as { tag_name: string }[];
    expect(tags).toEqual(truth.tags);
    expect(tags.length).toBeGreaterThanOrEqual(10);
    expect(new Set(tags.map((t) => t.tag_name)).size).toBe(tags.length);
  });

  it('lists the teams every session team refers to', async () => {
    const teams = (await api.get('/teams')).json() as { id: string }[];
    expect(teams).toEqual(truth.teams);
    const ids = new Set(teams.map((t) => t.id));
    for (const entry of truth.sessions) {
      if (entry.session.team) expect(ids.has(entry.session.team.id)).toBe(true);
    }
  });
});

describe('answers and openapi.json', () => {
  it('gave only answers that fit openapi.json', () => {
    expect(checked.violations).toEqual([]);
    expect(checked.checked()).toBeGreaterThan(100);
  });
});
