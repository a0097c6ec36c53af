import { contactLabel } from '../../../../src-shared/opencx/contact-label';
import type { Session } from '../../../../src-shared/opencx/session';
import { toEpochMs } from './epoch-ms';

/** The typed columns of `sessions` that a Session determines (everything but bookkeeping). */
export interface SessionRow {
  id: string;
  status: string;
  sentiment: string | null;
  ai_closure_type: string | null;
  channel_type: string;
  ticket_number: number;
  assist_mode: 0 | 1;
  created_at_ms: number;
  updated_at_ms: number;
  language: string | null;
  assignee_id: string | null;
  team_id: string | null;
  team_name: string | null;
  contact_id: string | null;
  handed_off: 0 | 1;
  /** What the Contact column shows and sorts by (migration 008). */
  contact_label: string | null;
}

/** The columns of `session_documents`: search text and the exact API object. */
export interface DocumentRow {
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  handoff_summary: string | null;
  custom_data: string | null;
  raw: string;
}

export interface CustomDataRow {
  key: string;
  value: string | number;
  value_type: 'string' | 'number' | 'boolean';
}

/**
 * A session's time in epoch milliseconds. The message naming the session is only made for a
 * time that does not parse: made for every session, its strings were a third of a million
 * allocations per 100,000 sessions synced.
 */
function sessionMs(session: Session, field: 'created_at' | 'updated_at'): number {
  const ms = Date.parse(session[field]);
  return Number.isFinite(ms) ? ms : toEpochMs(session[field], `session ${session.id}: ${field}`);
}

export function toSessionRow(session: Session): SessionRow {
  return {
    id: session.id,
    status: session.status,
    sentiment: session.sentiment ?? null,
    ai_closure_type: session.ai_closure_type ?? null,
    channel_type: session.channel.type,
    ticket_number: session.ticket_number,
    assist_mode: session.assist_mode ? 1 : 0,
    created_at_ms: sessionMs(session, 'created_at'),
    updated_at_ms: sessionMs(session, 'updated_at'),
    language: session.language ?? null,
    assignee_id: session.assignee_id ?? null,
    team_id: session.team?.id ?? null,
    team_name: session.team?.name ?? null,
    contact_id: session.contact?.id ?? null,
    handed_off: session.handoff ? 1 : 0,
    contact_label: contactLabel(session),
  };
}

/** Name and email fall back to the unverified ones: what the user sees is what they search. */
export function toDocumentRow(session: Session): DocumentRow {
  const customData = session.custom_data ?? null;
  return {
    contact_name: session.contact?.name ?? session.contact?.non_verified_name ?? null,
    contact_email: session.contact?.email ?? session.contact?.non_verified_email ?? null,
    contact_phone: session.contact?.phone_number ?? null,
    handoff_summary: session.handoff?.summary ?? null,
    custom_data: customData ? JSON.stringify(customData) : null,
    raw: JSON.stringify(session),
  };
}

/**
 * The session_custom_data rows of a session, as bound parameters store them. The app writes the
 * same rows in SQL, one statement per page (insertCustomData in session-writes.ts); the bench's
 * generated cache writes these, and session-writes.test.ts holds the two equal.
 */
export function toCustomDataRows(session: Session): CustomDataRow[] {
  return Object.entries(session.custom_data ?? {}).map(([key, value]) => {
    if (typeof value === 'boolean') return { key, value: value ? 1 : 0, value_type: 'boolean' };
    if (typeof value === 'number') return { key, value, value_type: 'number' };
    return { key, value, value_type: 'string' };
  });
}
