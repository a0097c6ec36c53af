import type { LocalSortField } from '../../../src-shared/filter/session-sort';
import type { ColumnKey } from '../state/columns.svelte';
import type { ListRow } from '../state/list-row';
import { contactDisplayName } from './contact-name';
import { formatCompactDateTime, formatDateTime } from './date-time';
import { languageName } from './language';
import { channelLabel, sentimentLabel, statusLabel } from './labels';

export interface Cell {
  text: string;
  /** Shown on hover: the whole value, or why it reads as it does. */
  title?: string;
  /** For time cells: the ISO value, for <time datetime>. */
  datetime?: string;
  /** A muted cell: no value, or a stand-in value. */
  muted?: boolean;
  /** For status cells: the value, for its colour. */
  tone?: string;
}

const NONE: Cell = { text: '—', muted: true };

function time(iso: string | null | undefined): Cell {
  if (!iso) return NONE;
  return { text: formatCompactDateTime(iso), title: formatDateTime(iso), datetime: iso };
}

/**
 * A column's cell for a row. `sortedBy` is the column the engine really sorted by: where the
 * last-message sort fell back to the updated time for a session with no cached message time,
 * the last-message cell shows that updated time, marked, so the time shown is the sort key.
 */
export function cellFor(key: ColumnKey, row: ListRow, sortedBy: LocalSortField): Cell {
  const { session } = row;
  switch (key) {
    case 'ticket':
      return { text: `#${session.ticket_number}` };
    case 'contact': {
      const text = contactDisplayName(session);
      return { text, title: text, muted: text === 'Unknown contact' };
    }
    case 'status':
      return { text: statusLabel(session.status), tone: session.status };
    case 'sentiment':
      return session.sentiment ? { text: sentimentLabel(session.sentiment) } : NONE;
    case 'channel':
      return { text: channelLabel(session.channel.type) };
    case 'team':
      return session.team ? { text: session.team.name, title: session.team.name } : NONE;
    case 'assignee':
      if (!session.assignee_id) return { text: 'Unassigned', muted: true };
      return row.assigneeName
        ? { text: row.assigneeName, title: `${row.assigneeName} (id ${session.assignee_id})` }
        : {
            text: `Agent ${session.assignee_id}`,
            title: 'Name not known yet: it is learnt from the transcripts this agent wrote in.',
            muted: true,
          };
    case 'language':
      return session.language
        ? { text: languageName(session.language), title: session.language }
        : NONE;
    case 'created':
      return time(session.created_at);
    case 'updated':
      return time(session.updated_at);
    case 'last_message': {
      if (row.lastMessageAt) return time(row.lastMessageAt);
      const cell = time(session.updated_at);
      return {
        ...cell,
        muted: true,
        title: `No message time cached: the updated time (${cell.title}) stands in${
          sortedBy === 'updated_at' ? ', and the list is sorted by it' : ''
        }.`,
      };
    }
    case 'tags':
      return row.tags.length > 0 ? { text: row.tags.join(', '), title: row.tags.join(', ') } : NONE;
  }
}
