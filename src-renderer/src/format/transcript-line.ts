import type { HistoryEvent } from '../../../src-shared/opencx/history';

export interface TranscriptLine {
  id: string;
  at: string;
  /** 'contact' | 'ai' | 'human_agent' for messages; 'system' for everything else. */
  who: string;
  author: string;
  text: string;
}

const SYSTEM_TEXT: Record<string, string> = {
  handoff: 'Handed off to a human agent',
  ai_resolved_issue: 'The AI marked the issue resolved',
  human_agent_joined: 'A human agent joined',
};

const AUTHORS: Record<string, string> = {
  contact: 'Customer',
  ai: 'AI agent',
  human_agent: 'Agent',
};

/** One readable line per event; event types the app does not know are shown by their name. */
export function toTranscriptLine(event: HistoryEvent): TranscriptLine {
  const { type, sender, content } = event.event;
  if (type === 'message' || type === 'human_agent_comment') {
    const who = sender?.type ?? 'contact';
    return {
      id: event.id,
      at: event.created_at,
      who: type === 'human_agent_comment' ? 'note' : who,
      author: sender?.name ?? AUTHORS[who] ?? who,
      text: content?.text ?? '',
    };
  }
  return {
    id: event.id,
    at: event.created_at,
    who: 'system',
    author: '',
    text: SYSTEM_TEXT[type] ?? type.replaceAll('_', ' '),
  };
}

/** The newest message's time in a transcript, or null when it has no message. */
export function lastMessageAt(events: readonly HistoryEvent[] | undefined): string | null {
  let newest: string | null = null;
  for (const event of events ?? []) {
    if (event.event.type !== 'message') continue;
    if (newest === null || Date.parse(event.created_at) > Date.parse(newest)) {
      newest = event.created_at;
    }
  }
  return newest;
}
