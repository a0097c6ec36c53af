import type { FakeAgent, FakeEvent, FakeSenderType, SessionRecord } from './fake-session';
import { SeededRandom } from './seeded-random';
import {
  AGENT_COMMENTS,
  AGENT_LINES,
  AI_FOLLOW_UPS,
  ATTACHMENTS,
  CONTACT_FOLLOW_UPS,
  TOPICS,
} from './vocabulary';

export const AI_NAME = 'OpenCX AI';

type Draft = Omit<FakeEvent, 'id' | 'created_at'>;

/**
 * The generated part of a session's transcript, rebuilt on demand from the record's seed so that
 * 20,000 sessions cost nothing until someone reads their history. The last message is at
 * `transcriptEndMs`, the session's original last_message_at.
 */
export function generateTranscript(
  record: SessionRecord,
  agents: readonly FakeAgent[],
): FakeEvent[] {
  const random = new SeededRandom(record.transcriptSeed);
  const { session } = record;
  const contactName = session.contact?.name ?? session.contact?.non_verified_name ?? null;
  const topic = TOPICS.find((t) => record.tags.includes(t.tag)) ?? random.pick(TOPICS);
  const agent = agents.find((a) => a.id === session.assignee_id);

  const drafts: Draft[] = [];
  const say = (type: FakeSenderType, name: string | null, text: string): void => {
    const draft: Draft = {
      event: { type: 'message', sender: { type, name }, content: { type: 'text', text } },
    };
    if (type === 'contact' && random.chance(0.05)) {
      const [fileName, mime] = random.pick(ATTACHMENTS);
      const id = random.uuid();
      draft.event.attachments = [
        {
          id,
          name: fileName,
          size: random.int(2_000, 4_000_000),
          type: mime,
          url: `https://files.open.cx/attachments/${id}/${fileName}`,
        },
      ];
    }
    drafts.push(draft);
  };

  say('contact', contactName, topic.ask);
  say('ai', AI_NAME, topic.ai);
  const rounds = random.int(0, 3);
  for (let i = 0; i < rounds; i++) {
    say(
      'contact',
      contactName,
      random.pick(CONTACT_FOLLOW_UPS).replace('{n}', String(random.int(10_000, 99_999))),
    );
    say('ai', AI_NAME, random.pick(AI_FOLLOW_UPS));
  }
  if (session.handoff) {
    drafts.push({
      event: { type: 'handoff', content: { type: 'text', text: session.handoff.summary } },
    });
    if (agent) {
      drafts.push({
        event: { type: 'human_agent_joined', sender: { type: 'human_agent', name: agent.name } },
      });
      if (random.chance(0.3)) {
        drafts.push({
          event: {
            type: 'human_agent_comment',
            sender: { type: 'human_agent', name: agent.name },
            content: { type: 'text', text: random.pick(AGENT_COMMENTS) },
          },
        });
      }
      say('human_agent', agent.name, random.pick(AGENT_LINES));
      say(
        'contact',
        contactName,
        random.pick(CONTACT_FOLLOW_UPS).replace('{n}', String(random.int(10_000, 99_999))),
      );
      say('human_agent', agent.name, random.pick(AGENT_LINES));
    }
  } else if (session.ai_closure_type === 'resolved') {
    drafts.push({ event: { type: 'ai_resolved_issue' } });
  }

  // The last draft that is a message lands exactly on transcriptEndMs; the others before it.
  const lastMessageIndex = drafts.map((d) => d.event.type).lastIndexOf('message');
  const span = record.transcriptEndMs - record.createdMs;
  const times = drafts.map((_, i) => {
    if (i === 0) return record.createdMs;
    if (i >= lastMessageIndex) return record.transcriptEndMs;
    return record.createdMs + Math.floor((span * i) / Math.max(1, lastMessageIndex));
  });
  return drafts.map((draft, i) => ({
    id: random.uuid(),
    created_at: new Date(times[i] as number).toISOString(),
    ...draft,
  }));
}
