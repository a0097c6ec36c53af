import type { SessionsPage } from '../../../src-shared/contract/results';
import type { Session } from '../../../src-shared/opencx/session';

/** One row of the session list: the API's session plus what only the cache knows. */
export interface ListRow {
  session: Session;
  /** The newest message's time, where the transcript (or a sync) told the cache; else null. */
  lastMessageAt: string | null;
  /** Tag names, where tag membership has been synced. */
  tags: string[];
  /** The assignee's display name, where a transcript named them; else null. */
  assigneeName: string | null;
}

/** The page's sessions as list rows, with the cache's extras where the engine sent them. */
export function toListRows(page: SessionsPage): ListRow[] {
  return page.items.map((session) => {
    const local = page.local?.[session.id];
    return {
      session,
      lastMessageAt: local?.last_message_at ?? null,
      tags: local?.tags ?? [],
      assigneeName: local?.assignee_name ?? null,
    };
  });
}
