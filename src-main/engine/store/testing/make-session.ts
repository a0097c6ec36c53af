import type { HistoryEvent } from '../../../../src-shared/opencx/history';
import type { Session } from '../../../../src-shared/opencx/session';

// Sessions for tests and the benchmark script. Deterministic: the same seed gives the same data.

let counter = 0;

/** A minimal valid session; `overrides` replace whole fields. */
export function makeSession(overrides: Partial<Session> = {}): Session {
  counter++;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    status: 'open',
    ai_closure_type: null,
    sentiment: null,
    channel: { type: 'web' },
    ticket_number: counter,
    assist_mode: false,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    assignee_id: null,
    custom_data: {},
    ...overrides,
  };
}

export function messageEvent(id: string, createdAt: string, text: string): HistoryEvent {
  return {
    id,
    created_at: createdAt,
    event: {
      type: 'message',
      sender: { type: 'contact', name: 'C' },
      content: { type: 'text', text },
    },
  };
}

/** A message from a human agent named `name`: what teaches the cache an assignee's name. */
export function agentMessageEvent(id: string, createdAt: string, name: string): HistoryEvent {
  return {
    id,
    created_at: createdAt,
    event: {
      type: 'message',
      sender: { type: 'human_agent', name },
      content: { type: 'text', text: 'Hello' },
    },
  };
}

/** A small seeded PRNG (mulberry32), so generated data needs no library. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES = ['open', 'closed_resolved', 'closed_unresolved'];
const SENTIMENTS = ['angry', 'happy', 'neutral', null];
const CLOSURES = ['assumed_resolved', 'handed_off', 'resolved', null];
const CHANNELS = ['web', 'email', 'phone_voice', 'slack', 'sms', 'whatsapp', 'instagram', 'api'];
const LANGUAGES = ['en', 'de', 'fr', 'es', 'nl'];
const TEAMS = [
  { id: '11111111-1111-4111-8111-111111111111', name: 'Support' },
  { id: '22222222-2222-4222-8222-222222222222', name: 'Billing' },
  { id: '33333333-3333-4333-8333-333333333333', name: 'Sales' },
];
const NAMES = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Zoë Müller'];
export const GENERATED_TAGS = ['billing', 'bug', 'refund', 'vip', 'urgent', 'feedback'];

export interface GeneratedData {
  sessions: Session[];
  /** session id → tag names */
  tags: Map<string, string[]>;
  /** session id → exact last_message_at */
  lastMessageAt: Map<string, string>;
}

/** `count` varied sessions over ~1 year, with some equal timestamps to exercise tiebreaks. */
export function generateSessions(count: number, seed: number): GeneratedData {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const base = Date.parse('2025-06-01T00:00:00.000Z');
  const sessions: Session[] = [];
  const tags = new Map<string, string[]>();
  const lastMessageAt = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    // Minute granularity over a year makes equal created_at values likely in larger sets.
    const created = base + Math.floor(random() * 525_600) * 60_000;
    const updated = created + Math.floor(random() * 72) * 3_600_000;
    const last = created + Math.floor((updated - created) * random());
    const id = `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-8${hex(random, 3)}-${hex(random, 12)}`;
    const team = random() < 0.8 ? pick(TEAMS) : null;
    const handedOff = random() < 0.3;
    const name = pick(NAMES);
    const session: Session = {
      id,
      status: pick(STATUSES),
      ai_closure_type: pick(CLOSURES),
      sentiment: pick(SENTIMENTS),
      channel: { type: pick(CHANNELS) },
      ticket_number: 1000 + i,
      assist_mode: random() < 0.2,
      created_at: new Date(created).toISOString(),
      updated_at: new Date(updated).toISOString(),
      contact: {
        id: pick(['c1', 'c2', 'c3', 'c4']) + '-contact',
        name,
        email: `${name.split(' ')[0]?.toLowerCase()}${i}@example.com`,
        phone_number: `+1 555-${String(i % 10_000).padStart(4, '0')}`,
        custom_data: null,
      },
      language: pick(LANGUAGES),
      assignee_id: random() < 0.3 ? null : String(1 + Math.floor(random() * 20)),
      custom_data: {
        plan: pick(['free', 'pro', 'enterprise']),
        vip: random() < 0.1,
        order_count: Math.floor(random() * 5),
      },
      ...(team ? { team: { ...team, description: null } } : {}),
      ...(handedOff
        ? { handoff: { summary: `Customer asks about ${pick(GENERATED_TAGS)}`, sentiment: null } }
        : {}),
    };
    sessions.push(session);
    tags.set(
      id,
      GENERATED_TAGS.filter(() => random() < 0.15),
    );
    lastMessageAt.set(id, new Date(last).toISOString());
  }
  return { sessions, tags, lastMessageAt };
}

function hex(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}
