import type { FakeEvent, SessionRecord } from './data/fake-session';
import type { SessionFactory } from './data/session-factory';
import type { SessionStore } from './data/session-store';
import { SeededRandom } from './data/seeded-random';
import { AI_NAME } from './data/transcript';
import {
  AGENT_LINES,
  AI_FOLLOW_UPS,
  CONTACT_FOLLOW_UPS,
  SENTIMENT_WEIGHTS,
} from './data/vocabulary';
import type { LiveConfig } from './fake-opencx-options';

/** The relative weights of the mutation kinds. */
export type LiveShares = Omit<LiveConfig, 'ratePerSecond'>;

export type LiveMutationKind = 'create' | 'update' | 'message' | 'delete';

export interface LiveMutation {
  kind: LiveMutationKind;
  sessionId: string;
  /** For updates: which field changed. */
  field?: 'status' | 'sentiment' | 'assignee_id' | 'tags';
}

const DEFAULT_SHARES = { create: 0.15, update: 0.35, message: 0.45, delete: 0.05 };

/**
 * Seeded changes to the data set, the way a busy support desk changes: new sessions, status and
 * assignment updates, new messages (which move last_message_at and updated_at), a rare deletion.
 * `tick(n)` applies n at once for tests; `start` runs them on a timer.
 */
export class LiveActivity {
  private readonly random: SeededRandom;
  private config: LiveConfig | null = null;
  private timer: NodeJS.Timeout | null = null;
  private owed = 0;

  constructor(
    seed: number,
    private readonly store: SessionStore,
    private readonly factory: SessionFactory,
    private readonly now: () => number,
  ) {
    this.random = SeededRandom.derive(seed, 'live');
  }

  start(config: LiveConfig): void {
    validateLiveConfig(config);
    this.stop();
    this.config = config;
    const intervalMs = 100;
    this.timer = setInterval(() => {
      this.owed += (config.ratePerSecond * intervalMs) / 1000;
      const due = Math.floor(this.owed);
      this.owed -= due;
      if (due > 0) this.tick(due);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Applies `count` mutations now, weighted by `shares`, else by the last live config, else defaults. */
  tick(count = 1, shares?: LiveShares): LiveMutation[] {
    if (shares) validateShares(shares);
    const mutations: LiveMutation[] = [];
    for (let i = 0; i < count; i++) {
      const mutation = this.mutateOnce(shares ?? this.config);
      if (mutation) mutations.push(mutation);
    }
    return mutations;
  }

  private mutateOnce(config: LiveShares | null): LiveMutation | null {
    const shares = { ...DEFAULT_SHARES, ...definedShares(config) };
    const kind =
      this.store.size === 0
        ? 'create'
        : this.random.weighted<LiveMutationKind>([
            ['create', shares.create],
            ['update', shares.update],
            ['message', shares.message],
            ['delete', shares.delete],
          ]);
    const nowMs = this.now();
    if (kind === 'create') {
      const record = this.factory.create(
        this.store.allocateOrdinal(),
        this.store.allocateTicketNumber(),
        {
          createdMs: nowMs,
          lastMessageMs: nowMs,
          updatedMs: nowMs,
        },
        { fresh: true },
      );
      this.store.insert(record);
      return { kind, sessionId: record.session.id };
    }
    const records = this.store.all();
    if (kind === 'delete') {
      const victim = this.random.pick(records);
      this.store.remove(victim.session.id);
      return { kind, sessionId: victim.session.id };
    }
    // New messages mostly arrive in open conversations.
    const open = records.filter((r) => r.session.status === 'open');
    const target =
      kind === 'message' && open.length > 0 && this.random.chance(0.8)
        ? this.random.pick(open)
        : this.random.pick(records);
    const at = Math.max(nowMs, target.updatedMs, target.lastMessageMs);
    if (kind === 'message') {
      this.appendMessages(target, at);
      target.lastMessageMs = at;
      this.touch(target, at);
      return { kind, sessionId: target.session.id };
    }
    const field = this.update(target);
    this.touch(target, at);
    return { kind, sessionId: target.session.id, field };
  }

  private update(record: SessionRecord): NonNullable<LiveMutation['field']> {
    const { random } = this;
    const { session } = record;
    const field = random.pick(['status', 'sentiment', 'assignee_id', 'tags'] as const);
    if (field === 'status') {
      const next = random.pick(
        ['open', 'closed_resolved', 'closed_unresolved'].filter((s) => s !== session.status),
      );
      session.status = next;
      session.ai_closure_type =
        session.handoff !== undefined
          ? 'handed_off'
          : next === 'closed_resolved'
            ? 'resolved'
            : next === 'open'
              ? null
              : session.ai_closure_type;
    } else if (field === 'sentiment') {
      session.sentiment = random.weighted(
        SENTIMENT_WEIGHTS.filter(([s]) => s !== session.sentiment),
      );
    } else if (field === 'assignee_id') {
      const agents = this.store.organisation.agents;
      session.assignee_id =
        session.assignee_id !== null && random.chance(0.3) ? null : random.pick(agents).id;
    } else {
      const names = this.store.organisation.tags.map((t) => t.tag_name);
      if (record.tags.length > 0 && (record.tags.length >= 3 || random.chance(0.4))) {
        record.tags.splice(random.int(0, record.tags.length - 1), 1);
      } else {
        const candidates = names.filter((n) => !record.tags.includes(n));
        record.tags.push(random.pick(candidates));
      }
    }
    return field;
  }

  private appendMessages(record: SessionRecord, atMs: number): void {
    const { random } = this;
    const created_at = new Date(atMs).toISOString();
    const contact = record.session.contact;
    const contactName = contact?.name ?? contact?.non_verified_name ?? null;
    const agent = this.store.organisation.agents.find((a) => a.id === record.session.assignee_id);
    const events: FakeEvent[] = [
      {
        id: random.uuid(),
        created_at,
        event: {
          type: 'message',
          sender: { type: 'contact', name: contactName },
          content: {
            type: 'text',
            text: random
              .pick(CONTACT_FOLLOW_UPS)
              .replace('{n}', String(random.int(10_000, 99_999))),
          },
        },
      },
    ];
    if (random.chance(0.7)) {
      events.push({
        id: random.uuid(),
        created_at,
        event: {
          type: 'message',
          sender: agent ? { type: 'human_agent', name: agent.name } : { type: 'ai', name: AI_NAME },
          content: {
            type: 'text',
            text: agent ? random.pick(AGENT_LINES) : random.pick(AI_FOLLOW_UPS),
          },
        },
      });
    }
    record.appendedEvents.push(...events);
  }

  private touch(record: SessionRecord, atMs: number): void {
    record.updatedMs = atMs;
    record.session.updated_at = new Date(atMs).toISOString();
    this.store.changed();
  }
}

function definedShares(config: LiveShares | null): Partial<typeof DEFAULT_SHARES> {
  if (!config) return {};
  const shares: Partial<typeof DEFAULT_SHARES> = {};
  if (config.createShare !== undefined) shares.create = config.createShare;
  if (config.updateShare !== undefined) shares.update = config.updateShare;
  if (config.messageShare !== undefined) shares.message = config.messageShare;
  if (config.deleteShare !== undefined) shares.delete = config.deleteShare;
  return shares;
}

export function validateLiveConfig(config: LiveConfig): void {
  if (!(Number.isFinite(config.ratePerSecond) && config.ratePerSecond > 0)) {
    throw new Error('live.ratePerSecond must be a number above 0.');
  }
  validateShares(config);
}

function validateShares(shares: LiveShares): void {
  const names = ['createShare', 'updateShare', 'messageShare', 'deleteShare'] as const;
  for (const name of names) {
    const share = shares[name];
    if (share !== undefined && !(Number.isFinite(share) && share >= 0)) {
      throw new Error(`live.${name} must be a number, 0 or more.`);
    }
  }
  const weights = names.map(
    (name) => shares[name] ?? DEFAULT_SHARES[name.replace('Share', '') as LiveMutationKind],
  );
  if (weights.every((weight) => weight === 0)) throw new Error('live shares must not all be 0.');
}
