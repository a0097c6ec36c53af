import type { Session } from './session';

/**
 * The one name shown for the person behind a session, verified details first; null when the
 * session names nobody. The list's Contact column shows it and sorts by it (the cache keeps it
 * as sessions.contact_label), so the column and its order agree.
 */
export function contactLabel(session: Pick<Session, 'contact'>): string | null {
  const contact = session.contact;
  return (
    contact?.name ??
    contact?.non_verified_name ??
    contact?.email ??
    contact?.non_verified_email ??
    contact?.phone_number ??
    null
  );
}
