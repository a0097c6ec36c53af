import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src-shared/opencx/enums';
import { LiveActivity } from '../live-activity';
import { generateRecords } from './generate-records';
import { generateOrganisation } from './organisation';
import { SessionStore } from './session-store';

const NOW = Date.UTC(2026, 10, 1, 12, 30, 15, 250);
const DAY = 86_400_000;

function build(
  seed: number,
  count: number,
  unknownEnumRate = 0,
): { store: SessionStore; live: LiveActivity } {
  const organisation = generateOrganisation(seed, count, NOW);
  const { records, factory } = generateRecords(organisation, seed, count, NOW, unknownEnumRate);
  const store = new SessionStore(organisation, records);
  let clock = NOW;
  const live = new LiveActivity(seed, store, factory, () => (clock += 1000));
  return { store, live };
}

describe('generated data', () => {
  it('is the same for the same seed and different for another', () => {
    const a = build(9, 200).store;
    const b = build(9, 200).store;
    const c = build(10, 200).store;
    expect(a.truth(NOW)).toEqual(b.truth(NOW));
    expect(a.truth(NOW).sessions[0]).not.toEqual(c.truth(NOW).sessions[0]);
    const first = a.all()[3];
    const second = b.all()[3];
    if (!first || !second) throw new Error('no session');
    expect(a.history(first)).toEqual(b.history(second));
  });

  it('keeps live activity deterministic for a seed', () => {
    const a = build(4, 100);
    const b = build(4, 100);
    expect(a.live.tick(50)).toEqual(b.live.tick(50));
    expect(a.store.truth(NOW)).toEqual(b.store.truth(NOW));
  });

  it('keeps timestamps consistent: created in the last 180 days, updated and last message not before created nor after now', () => {
    const truth = build(2, 1000).store.truth(NOW);
    for (const { session, last_message_at } of truth.sessions) {
      const created = Date.parse(session.created_at);
      expect(created).toBeGreaterThanOrEqual(NOW - 181 * DAY);
      expect(Date.parse(session.updated_at)).toBeGreaterThanOrEqual(created);
      expect(Date.parse(last_message_at)).toBeGreaterThanOrEqual(created);
      expect(Date.parse(last_message_at)).toBeLessThanOrEqual(NOW);
      expect(Date.parse(session.updated_at)).toBeLessThanOrEqual(NOW);
    }
  });

  it('looks like a real desk: documented enums, numeric agent ids, 0-3 tags, a mix of every field', () => {
    const truth = build(2, 1000).store.truth(NOW);
    const sessions = truth.sessions.map((e) => e.session);
    const share = (predicate: (s: (typeof sessions)[number]) => boolean): number =>
      sessions.filter(predicate).length / sessions.length;
    expect(new Set(sessions.map((s) => s.channel.type))).toEqual(new Set(CHANNELS));
    expect(new Set(sessions.map((s) => s.status))).toEqual(
      new Set(['open', 'closed_resolved', 'closed_unresolved']),
    );
    expect(new Set(sessions.map((s) => s.sentiment))).toEqual(
      new Set(['angry', 'happy', 'neutral', null]),
    );
    expect(new Set(sessions.map((s) => s.ai_closure_type))).toEqual(
      new Set(['assumed_resolved', 'handed_off', 'resolved', null]),
    );
    expect(share((s) => s.handoff !== undefined)).toBeGreaterThan(0.15);
    expect(share((s) => s.assignee_id !== null)).toBeGreaterThan(0.1);
    expect(share((s) => s.ticketing_system !== undefined)).toBeGreaterThan(0.05);
    expect(share((s) => s.contact === undefined)).toBeGreaterThan(0);
    expect(share((s) => s.contact?.email === null)).toBeGreaterThan(0);
    expect(
      share(
        (s) => s.contact?.non_verified_name !== null && s.contact?.non_verified_name !== undefined,
      ),
    ).toBeGreaterThan(0);
    expect(share((s) => s.language === undefined)).toBeGreaterThan(0);
    expect(new Set(sessions.map((s) => s.language)).size).toBeGreaterThanOrEqual(6);
    expect(share((s) => s.custom_data.vip === true)).toBeGreaterThan(0);
    expect(share((s) => typeof s.custom_data.order_count === 'number')).toBeGreaterThan(0.5);
    expect(share((s) => s.assist_mode)).toBeGreaterThan(0);
    for (const s of sessions) if (s.assignee_id !== null) expect(s.assignee_id).toMatch(/^[0-9]+$/);
    expect(truth.agents).toHaveLength(12);
    expect(truth.teams).toHaveLength(5);
    expect(truth.tags).toHaveLength(15);
    for (const { tags } of truth.sessions) expect(tags.length).toBeLessThanOrEqual(3);
    expect(
      share((s) => truth.sessions.find((e) => e.session === s)?.tags.length === 0),
    ).toBeGreaterThan(0.1);
    expect(new Set(sessions.map((s) => s.ticket_number)).size).toBe(sessions.length);
    const contacts = new Set(sessions.flatMap((s) => (s.contact ? [s.contact.id] : [])));
    expect(contacts.size).toBeLessThan(sessions.length);
  });

  it('uses undocumented channels only when unknownEnumRate asks for them', () => {
    const plain = build(2, 500).store.truth(NOW).sessions;
    expect(
      plain.every((e) => (CHANNELS as readonly string[]).includes(e.session.channel.type)),
    ).toBe(true);
    const grown = build(2, 500, 0.2).store.truth(NOW).sessions;
    const unknown = grown.filter(
      (e) => !(CHANNELS as readonly string[]).includes(e.session.channel.type),
    );
    expect(unknown.length).toBeGreaterThan(50);
    expect(unknown.length).toBeLessThan(150);
  });

  it('generates 20,000 sessions, every one with a transcript', () => {
    const { store } = build(1, 20_000);
    expect(store.size).toBe(20_000);
    const last = store.all()[19_999];
    if (!last) throw new Error('no session');
    expect(store.history(last).length).toBeGreaterThanOrEqual(2);
  });
});
