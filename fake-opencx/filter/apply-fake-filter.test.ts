import { describe, expect, it } from 'vitest';
import type { FakeSession, TruthSession, TruthSnapshot } from '../data/fake-session';
import { applyFakeFilter } from './apply-fake-filter';
import type { FakeFilterBody } from './filter-body';

const TEAM_A = { id: 'a0000000-0000-4000-8000-000000000001', name: 'A', description: null };
const CONTACT_A = {
  id: 'c0000000-0000-4000-8000-000000000001',
  email: null,
  phone_number: null,
  name: 'Ann',
  custom_data: null,
  non_verified_name: null,
  non_verified_email: null,
  non_verified_custom_data: null,
};

function entry(
  n: number,
  session: Partial<FakeSession>,
  hidden: { last?: string; tags?: string[] } = {},
): TruthSession {
  const created = session.created_at ?? `2026-01-0${n}T00:00:00.000Z`;
  return {
    session: {
      id: `00000000-0000-4000-8000-00000000000${n}`,
      status: 'open',
      ai_closure_type: null,
      sentiment: null,
      channel: { type: 'web' },
      ticket_number: n,
      assist_mode: false,
      created_at: created,
      updated_at: created,
      assignee_id: null,
      custom_data: {},
      ...session,
    },
    last_message_at: hidden.last ?? created,
    tags: hidden.tags ?? [],
  };
}

const truth: TruthSnapshot = {
  now: '2026-02-01T00:00:00.000Z',
  deletedIds: [],
  tags: [],
  teams: [TEAM_A],
  agents: [],
  sessions: [
    entry(
      1,
      {
        status: 'closed_resolved',
        sentiment: 'happy',
        ai_closure_type: 'resolved',
        language: 'en',
        custom_data: { plan: 'pro', vip: true, order_count: 3 },
      },
      { last: '2026-01-05T00:00:00.000Z', tags: ['billing'] },
    ),
    entry(
      2,
      {
        sentiment: 'angry',
        channel: { type: 'email' },
        assignee_id: '42',
        team: TEAM_A,
        contact: CONTACT_A,
        handoff: { summary: 's', sentiment: 'angry' },
        ai_closure_type: 'handed_off',
        assist_mode: true,
        custom_data: { plan: 'free', order_count: 3 },
      },
      { last: '2026-01-03T00:00:00.000Z', tags: ['refund', 'urgent'] },
    ),
    entry(
      3,
      {
        status: 'closed_unresolved',
        channel: { type: 'tiktok' },
        language: 'es',
        updated_at: '2026-01-09T00:00:00.000Z',
        custom_data: { plan: 'pro', vip: false, order_count: '3' },
      },
      { last: '2026-01-05T00:00:00.000Z' },
    ),
    entry(
      4,
      {
        assignee_id: '7',
        sentiment: 'neutral',
        created_at: '2026-01-02T12:00:00.000Z',
        updated_at: '2026-01-02T12:00:00.000Z',
      },
      { last: '2026-01-04T00:00:00.000Z', tags: ['urgent'] },
    ),
  ],
};

function ids(request: FakeFilterBody): number[] {
  return applyFakeFilter(truth, {
    limit: 100,
    sort_by: 'created_at',
    sort_order: 'asc',
    ...request,
  }).matching.map((e) => e.session.ticket_number);
}

describe('applyFakeFilter semantics', () => {
  it('matches everything without filters', () => {
    expect(ids({})).toEqual([1, 2, 4, 3]);
  });

  it('treats date ranges as from-inclusive and to-exclusive', () => {
    expect(ids({ filters: { created_at: { from: '2026-01-02T00:00:00.000Z' } } })).toEqual([
      2, 4, 3,
    ]);
    expect(ids({ filters: { created_at: { to: '2026-01-02T00:00:00.000Z' } } })).toEqual([1]);
    expect(
      ids({
        filters: { created_at: { from: '2026-01-03T00:00:00Z', to: '2026-01-03T00:00:00.001Z' } },
      }),
    ).toEqual([3]);
    expect(
      ids({
        filters: { created_at: { from: '2026-01-03T00:00:00Z', to: '2026-01-03T00:00:00Z' } },
      }),
    ).toEqual([]);
    expect(ids({ filters: { updated_at: { from: '2026-01-04T00:00:00Z' } } })).toEqual([3]);
    expect(
      ids({
        filters: { last_message_at: { from: '2026-01-04T00:00:00Z', to: '2026-01-05T00:00:00Z' } },
      }),
    ).toEqual([4]);
    expect(ids({ filters: { last_message_at: { from: '2026-01-05T02:00:00+02:00' } } })).toEqual([
      1, 3,
    ]);
  });

  it('ORs inside a list and ANDs across keys', () => {
    expect(ids({ filters: { status: ['open', 'closed_unresolved'] } })).toEqual([2, 4, 3]);
    expect(ids({ filters: { status: ['open', 'closed_unresolved'], tags: ['urgent'] } })).toEqual([
      2, 4,
    ]);
  });

  it('never matches a null sentiment or ai_closure_type', () => {
    expect(ids({ filters: { sentiment: ['angry', 'neutral'] } })).toEqual([2, 4]);
    expect(ids({ filters: { ai_closure_type: ['resolved', 'handed_off'] } })).toEqual([1, 2]);
  });

  it('matches channel.type and never an undocumented channel', () => {
    expect(ids({ filters: { channels: ['email'] } })).toEqual([2]);
    expect(ids({ filters: { channels: ['web', 'email'] } })).toEqual([1, 2, 4]);
  });

  it('matches a session carrying ANY of the tags', () => {
    expect(ids({ filters: { tags: ['billing', 'urgent'] } })).toEqual([1, 2, 4]);
    expect(ids({ filters: { tags: ['nobody-has-this'] } })).toEqual([]);
  });

  it('matches assignees, unassigned both ways, teams, contacts and languages', () => {
    expect(ids({ filters: { assignee_ids: ['42', '7'] } })).toEqual([2, 4]);
    expect(ids({ filters: { unassigned: true } })).toEqual([1, 3]);
    expect(ids({ filters: { unassigned: false } })).toEqual([2, 4]);
    expect(ids({ filters: { assignee_ids: ['42'], unassigned: true } })).toEqual([]);
    expect(ids({ filters: { team_ids: [TEAM_A.id] } })).toEqual([2]);
    expect(ids({ filters: { contact_ids: [CONTACT_A.id] } })).toEqual([2]);
    expect(ids({ filters: { languages: ['es', 'en'] } })).toEqual([1, 3]);
  });

  it('matches handed_off by the presence of handoff, and assist_mode by equality', () => {
    expect(ids({ filters: { handed_off: true } })).toEqual([2]);
    expect(ids({ filters: { handed_off: false } })).toEqual([1, 4, 3]);
    expect(ids({ filters: { assist_mode: true } })).toEqual([2]);
    expect(ids({ filters: { assist_mode: false } })).toEqual([1, 4, 3]);
  });

  it('requires every custom_data pair to equal, type included', () => {
    expect(ids({ filters: { custom_data: { plan: 'pro' } } })).toEqual([1, 3]);
    expect(ids({ filters: { custom_data: { plan: 'pro', vip: true } } })).toEqual([1]);
    expect(ids({ filters: { custom_data: { order_count: 3 } } })).toEqual([1, 2]);
    expect(ids({ filters: { custom_data: { vip: false } } })).toEqual([3]);
    expect(ids({ filters: { custom_data: {} } })).toEqual([1, 2, 4, 3]);
  });

  it('sorts by created_at or last_message_at in both orders', () => {
    expect(ids({ sort_by: 'last_message_at', sort_order: 'asc' })).toEqual([2, 4, 1, 3]);
    expect(ids({ sort_by: 'last_message_at', sort_order: 'desc' })).toEqual([3, 1, 4, 2]);
    expect(ids({ sort_by: 'created_at', sort_order: 'desc' })).toEqual([3, 4, 2, 1]);
    expect(applyFakeFilter(truth, {}).matching.map((e) => e.session.ticket_number)).toEqual([
      3, 1, 4, 2,
    ]);
  });

  it('pages with has_next and has_previous and no total', () => {
    const first = applyFakeFilter(truth, {
      limit: 3,
      sort_by: 'created_at',
      sort_order: 'asc',
    }).response;
    expect(first).toMatchObject({ page: 1, limit: 3, has_next: true, has_previous: false });
    expect(first.data.map((s) => s.ticket_number)).toEqual([1, 2, 4]);
    const second = applyFakeFilter(truth, {
      limit: 3,
      page: 2,
      sort_by: 'created_at',
      sort_order: 'asc',
    }).response;
    expect(second).toMatchObject({ page: 2, has_next: false, has_previous: true });
    expect(second.data.map((s) => s.ticket_number)).toEqual([3]);
    const exact = applyFakeFilter(truth, { limit: 4 }).response;
    expect(exact.has_next).toBe(false);
    expect(Object.keys(exact)).not.toContain('total');
  });

  it('throws for a body the server answers with 400', () => {
    expect(() => applyFakeFilter(truth, { limit: 0 })).toThrow('limit');
  });
});
