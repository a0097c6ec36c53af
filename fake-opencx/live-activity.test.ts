import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeEvent, FakeSession } from './data/fake-session';
import { startCheckedFake, type CheckedFake } from './test-support/checked-fake';
import { FakeApi } from './test-support/fake-api';

let clock = Date.UTC(2026, 8, 1, 9);
let checked: CheckedFake;
let api: FakeApi;

beforeAll(async () => {
  checked = await startCheckedFake({ sessions: 50, seed: 5, rateLimit: false, now: () => clock });
  api = new FakeApi(checked.fake);
});
afterAll(async () => {
  await checked.fake.close();
});

async function history(id: string): Promise<FakeEvent[]> {
  const events: FakeEvent[] = [];
  let cursor: string | null = null;
  do {
    const answer = await api.get(
      `/chat/sessions/${id}/history${cursor ? `?cursor=${cursor}` : ''}`,
    );
    const page = answer.json() as { items: FakeEvent[]; next: string | null };
    events.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return events;
}

describe('live activity', () => {
  it('creates sessions now, as open sessions the API serves', async () => {
    clock += 60_000;
    const now = new Date(clock).toISOString();
    const [created] = checked.fake.tick(1, {
      createShare: 1,
      updateShare: 0,
      messageShare: 0,
      deleteShare: 0,
    });
    expect(created?.kind).toBe('create');
    const entry = checked.fake.truth().sessions.find((e) => e.session.id === created?.sessionId);
    expect(entry?.session).toMatchObject({ status: 'open', created_at: now, updated_at: now });
    expect(entry?.last_message_at).toBe(now);
    const answer = await api.get(`/chat/sessions/${created?.sessionId}`);
    expect(answer.json()).toEqual(entry?.session);
    const highest = Math.max(...checked.fake.truth().sessions.map((e) => e.session.ticket_number));
    expect(entry?.session.ticket_number).toBe(highest);
  });

  it('appends messages that move last_message_at and updated_at to now and end the history', async () => {
    clock += 60_000;
    const now = new Date(clock).toISOString();
    const mutations = checked.fake.tick(3, {
      createShare: 0,
      updateShare: 0,
      messageShare: 1,
      deleteShare: 0,
    });
    expect(mutations.map((m) => m.kind)).toEqual(['message', 'message', 'message']);
    const truth = checked.fake.truth();
    for (const mutation of mutations) {
      const entry = truth.sessions.find((e) => e.session.id === mutation.sessionId);
      expect(entry?.last_message_at).toBe(now);
      expect(entry?.session.updated_at).toBe(now);
      const events = await history(mutation.sessionId);
      expect(events.at(-1)?.created_at).toBe(now);
      expect(events.at(-1)?.event.type).toBe('message');
    }
    const newest = await api.filter({ limit: 3, filters: { last_message_at: { from: now } } });
    const ids = (newest.json() as { data: FakeSession[] }).data.map((s) => s.id).sort();
    expect(ids).toEqual([...new Set(mutations.map((m) => m.sessionId))].sort());
  });

  it('updates status, sentiment, assignee or tags, and bumps updated_at', async () => {
    clock += 60_000;
    const now = new Date(clock).toISOString();
    const before = checked.fake.truth();
    const mutations = checked.fake.tick(12, {
      createShare: 0,
      updateShare: 1,
      messageShare: 0,
      deleteShare: 0,
    });
    const after = checked.fake.truth();
    const fields = new Set(mutations.map((m) => m.field));
    expect(fields.size).toBeGreaterThanOrEqual(3);
    for (const mutation of mutations) {
      const entry = after.sessions.find((e) => e.session.id === mutation.sessionId);
      expect(entry?.session.updated_at).toBe(now);
    }
    const changed = mutations.find(
      (m) =>
        m.field === 'tags' && mutations.filter((n) => n.sessionId === m.sessionId).length === 1,
    );
    if (changed) {
      const old = before.sessions.find((e) => e.session.id === changed.sessionId)?.tags;
      const current = after.sessions.find((e) => e.session.id === changed.sessionId)?.tags;
      expect(current).not.toEqual(old);
    }
    // What a delta sync asks for: everything updated since the watermark.
    const delta = await api.filter({ limit: 100, filters: { updated_at: { from: now } } });
    const ids = new Set((delta.json() as { data: FakeSession[] }).data.map((s) => s.id));
    expect(ids).toEqual(new Set(mutations.map((m) => m.sessionId)));
  });

  it('deletes sessions: 404 on read, gone from filters, listed in deletedIds', async () => {
    const [deleted] = checked.fake.tick(1, {
      createShare: 0,
      updateShare: 0,
      messageShare: 0,
      deleteShare: 1,
    });
    expect(deleted?.kind).toBe('delete');
    const id = deleted?.sessionId ?? '';
    const truth = checked.fake.truth();
    expect(truth.deletedIds).toContain(id);
    expect(truth.sessions.map((e) => e.session.id)).not.toContain(id);
    expect((await api.get(`/chat/sessions/${id}`)).status).toBe(404);
    expect((await api.get(`/chat/sessions/${id}/history`)).status).toBe(404);
    const all = await api.filter({ limit: 100 });
    expect((all.json() as { data: FakeSession[] }).data.map((s) => s.id)).not.toContain(id);
  });

  it('pages a long transcript 20 events at a time', async () => {
    clock += 1000;
    checked.fake.tick(200, { createShare: 0, updateShare: 0, messageShare: 1, deleteShare: 0 });
    const entries = checked.fake.truth().sessions;
    for (const entry of entries) {
      const first = (await api.get(`/chat/sessions/${entry.session.id}/history`)).json() as {
        items: unknown[];
        next: string | null;
      };
      if (first.next === null) continue;
      expect(first.items).toHaveLength(20);
      const events = await history(entry.session.id);
      expect(events.length).toBeGreaterThan(20);
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      return;
    }
    throw new Error('no transcript grew past one page');
  });

  it('keeps a copy: changing a truth snapshot does not change the server', async () => {
    const truth = checked.fake.truth();
    const entry = truth.sessions[0];
    if (!entry) throw new Error('no session');
    entry.session.status = 'mutated';
    entry.tags.push('x');
    expect(checked.fake.truth().sessions[0]?.session.status).not.toBe('mutated');
  });

  it('runs on a timer after startLive and stops with stopLive', async () => {
    const count = (): number =>
      checked.fake.truth().sessions.length + checked.fake.truth().deletedIds.length;
    const before = count();
    checked.fake.startLive({
      ratePerSecond: 200,
      createShare: 1,
      updateShare: 0,
      messageShare: 0,
      deleteShare: 0,
    });
    while (count() === before) await new Promise((r) => setTimeout(r, 20));
    checked.fake.stopLive();
    const stopped = count();
    await new Promise((r) => setTimeout(r, 250));
    expect(count()).toBe(stopped);
  });

  it('refuses a live config without a positive rate or with all shares 0', () => {
    expect(() => checked.fake.startLive({ ratePerSecond: 0 })).toThrow('live.ratePerSecond');
    expect(() =>
      checked.fake.tick(1, { createShare: 0, updateShare: 0, messageShare: 0, deleteShare: 0 }),
    ).toThrow('all be 0');
  });

  it('gave only answers that fit openapi.json', () => {
    expect(checked.violations).toEqual([]);
  });
});
