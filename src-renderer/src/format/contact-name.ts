import { contactLabel } from '../../../src-shared/opencx/contact-label';
import type { Session } from '../../../src-shared/opencx/session';

/** The best name we have for the person behind a session, verified details first. */
export function contactDisplayName(session: Session): string {
  return contactLabel(session) ?? 'Unknown contact';
}
