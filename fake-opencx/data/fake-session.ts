import type { Session } from '../../src-shared/opencx/session';
import type { Tag } from '../../src-shared/opencx/tag';

// Type aliases (not interfaces) so that they are assignable to the shared, loose `Session` type.
export type FakeCustomData = Record<string, string | number | boolean>;

export type FakeContact = {
  id: string;
  email: string | null;
  phone_number: string | null;
  name: string | null;
  custom_data: FakeCustomData | null;
  non_verified_name: string | null;
  non_verified_email: string | null;
  non_verified_custom_data: FakeCustomData | null;
};

export type FakeTeam = { id: string; name: string; description: string | null };

export type FakeAgent = { id: string; name: string; team_id: string };

export type FakeTag = {
  tag_name: string;
  description: string | null;
  exclude_from_auto_tagging: boolean;
  category_id: string | null;
  created_at: string;
  updated_at: string;
};

/** A transcript event as the history endpoint returns it. */
export type FakeSenderType = 'contact' | 'ai' | 'human_agent';

export type FakeEvent = {
  id: string;
  created_at: string;
  event: {
    type: string;
    sender?: { type: FakeSenderType; name: string | null };
    content?: { type: 'text'; text: string };
    attachments?: { id: string; name: string; size: number; type: string; url: string }[];
  };
};

/** A session exactly as the API returns it (absent optional fields are left out, not null). */
export type FakeSession = {
  id: string;
  status: string;
  ai_closure_type: string | null;
  sentiment: string | null;
  channel: { type: string };
  ticket_number: number;
  assist_mode: boolean;
  created_at: string;
  updated_at: string;
  contact?: FakeContact;
  language?: string;
  assignee_id: string | null;
  custom_data: FakeCustomData;
  team?: FakeTeam;
  handoff?: { summary: string; sentiment: string | null };
  ticketing_system?: { name: string; external_id: string; id_type: string };
};

/** The server's record of one session: the API object plus what the API hides. */
export interface SessionRecord {
  /** Insertion order; the order among equal sort keys when ties are not shuffled. */
  ordinal: number;
  session: FakeSession;
  createdMs: number;
  updatedMs: number;
  lastMessageMs: number;
  tags: string[];
  /** Seed and end of the lazily generated part of the transcript. */
  transcriptSeed: number;
  transcriptEndMs: number;
  /** Events appended by live activity after the generated transcript. */
  appendedEvents: FakeEvent[];
}

export interface TruthSession {
  session: Session & FakeSession;
  last_message_at: string;
  tags: string[];
}

/** Ground truth at one moment, deep-copied: what a perfect client would know. */
export interface TruthSnapshot {
  /** The clock's now when the snapshot was taken. */
  now: string;
  /** Live sessions in insertion order. */
  sessions: TruthSession[];
  deletedIds: string[];
  tags: (Tag & FakeTag)[];
  teams: FakeTeam[];
  /** Agents (not listed by any endpoint; their names appear in history). */
  agents: FakeAgent[];
}
