import type { Session } from '../../../src-shared/opencx/session';

/** The best name we have for the person behind a session, verified details first. */
export function contactDisplayName(session: Session): string {
  const contact = session.contact;
  return (
    contact?.name ??
    contact?.non_verified_name ??
    contact?.email ??
    contact?.non_verified_email ??
    contact?.phone_number ??
    'Unknown contact'
  );
}
