import type { FakeCustomData, FakeSession, SessionRecord } from './fake-session';
import type { Organisation } from './organisation';
import type { SeededRandom } from './seeded-random';
import {
  CHANNEL_WEIGHTS,
  LANGUAGE_WEIGHTS,
  PLANS,
  REGIONS,
  SENTIMENT_WEIGHTS,
  TICKETING_SYSTEMS,
  TOPICS,
  UNDOCUMENTED_CHANNELS,
} from './vocabulary';

export interface SessionTimes {
  createdMs: number;
  lastMessageMs: number;
  updatedMs: number;
}

export interface SessionShape {
  /** A brand-new session from live activity: open, not yet handed off. */
  fresh?: boolean;
}

/** Builds one plausible session; shared by the initial data set and live activity. */
export class SessionFactory {
  constructor(
    private readonly organisation: Organisation,
    private readonly random: SeededRandom,
    private readonly unknownEnumRate: number,
  ) {}

  create(
    ordinal: number,
    ticketNumber: number,
    times: SessionTimes,
    shape: SessionShape = {},
  ): SessionRecord {
    const { random, organisation } = this;
    const handedOff = !shape.fresh && random.chance(0.3);
    const status = shape.fresh
      ? 'open'
      : handedOff
        ? random.weighted([
            ['open', 35],
            ['closed_resolved', 45],
            ['closed_unresolved', 20],
          ] as const)
        : random.weighted([
            ['open', 20],
            ['closed_resolved', 65],
            ['closed_unresolved', 15],
          ] as const);
    const aiClosureType = handedOff
      ? 'handed_off'
      : status === 'closed_resolved'
        ? random.weighted([
            ['resolved', 55],
            ['assumed_resolved', 45],
          ] as const)
        : status === 'closed_unresolved' && random.chance(0.4)
          ? 'assumed_resolved'
          : null;
    const channel =
      this.unknownEnumRate > 0 && random.chance(this.unknownEnumRate)
        ? random.pick(UNDOCUMENTED_CHANNELS)
        : random.weighted(CHANNEL_WEIGHTS);
    const agent =
      (handedOff && random.chance(0.9)) || (!handedOff && random.chance(0.05))
        ? random.pick(organisation.agents)
        : null;
    const team = agent
      ? organisation.teams.find((t) => t.id === agent.team_id)
      : random.chance(handedOff ? 0.6 : 0.2)
        ? random.pick(organisation.teams)
        : undefined;
    const topic = random.pick(TOPICS);
    const language = random.weighted(LANGUAGE_WEIGHTS);

    const session: FakeSession = {
      id: random.uuid(),
      status,
      ai_closure_type: aiClosureType,
      sentiment: shape.fresh ? null : random.weighted(SENTIMENT_WEIGHTS),
      channel: { type: channel },
      ticket_number: ticketNumber,
      assist_mode: random.chance(0.15),
      created_at: new Date(times.createdMs).toISOString(),
      updated_at: new Date(times.updatedMs).toISOString(),
      assignee_id: agent ? agent.id : null,
      custom_data: this.customData(),
    };
    if (random.chance(0.95)) session.contact = random.pick(organisation.contacts);
    if (language !== null) session.language = language;
    if (team) session.team = team;
    if (handedOff) {
      session.handoff = {
        summary: topic.summary,
        sentiment: random.weighted(SENTIMENT_WEIGHTS),
      };
      if (random.chance(0.6)) {
        const [name, idType] = random.pick(TICKETING_SYSTEMS);
        session.ticketing_system = {
          name,
          external_id:
            idType === 'conversation_sid'
              ? `CH${random.uuid().replace(/-/g, '')}`
              : String(random.int(10_000, 999_999)),
          id_type: idType,
        };
      }
    }

    return {
      ordinal,
      session,
      createdMs: times.createdMs,
      updatedMs: times.updatedMs,
      lastMessageMs: times.lastMessageMs,
      tags: this.tags(topic.tag),
      transcriptSeed: random.int(1, 2 ** 31 - 1),
      transcriptEndMs: times.lastMessageMs,
      appendedEvents: [],
    };
  }

  private customData(): FakeCustomData {
    const { random } = this;
    if (random.chance(0.1)) return {};
    const data: FakeCustomData = {
      plan: random.weighted(PLANS),
      region: random.pick(REGIONS),
      vip: random.chance(0.1),
    };
    if (random.chance(0.8)) data.order_count = random.int(0, 40);
    return data;
  }

  private tags(topicTag: string): string[] {
    const { random } = this;
    const count = random.weighted([
      [0, 35],
      [1, 35],
      [2, 20],
      [3, 10],
    ] as const);
    const names = this.organisation.tags.map((tag) => tag.tag_name);
    const chosen = new Set<string>();
    if (count > 0 && names.includes(topicTag)) chosen.add(topicTag);
    while (chosen.size < count) chosen.add(random.pick(names));
    return [...chosen];
  }
}
