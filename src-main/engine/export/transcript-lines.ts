import type { HistoryEvent } from '../../../src-shared/opencx/history';

// A transcript as one text cell (CSV, XLSX): one `[time] sender: text` line per event, times in
// ISO-8601 UTC. Line breaks inside a message become LF (a CR alone or CRLF would read as a
// different line break in each spreadsheet), so a message's further lines follow its first.

/** The cell of a session whose transcript is not in the cache: never an empty cell. */
export const MISSING_TRANSCRIPT = '(transcript not downloaded)';
/** The cell of a transcript that was downloaded and has no events. */
export const EMPTY_TRANSCRIPT = '(no messages)';

const LINE_BREAKS = /\r\n?/g;

function utc(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : iso;
}

/** One line (or more, for a message with line breaks) per event. */
export function transcriptLine(event: HistoryEvent): string {
  const { type, sender, content, attachments } = event.event;
  const who = sender ? sender.name || sender.type : '';
  const kind = type === 'message' ? '' : `(${type})`;
  const head = [kind, who].filter((part) => part.length > 0).join(' ');
  const text = typeof content?.text === 'string' ? content.text.replace(LINE_BREAKS, '\n') : '';
  const files = (attachments ?? []).map((file) => `[attachment: ${file.name}]`).join(' ');
  const body = [text, files].filter((part) => part.length > 0).join(' ');
  const prefix = `[${utc(event.created_at)}]${head ? ` ${head}` : ''}`;
  return body.length > 0 ? `${prefix}: ${body}` : prefix;
}

export function transcriptText(events: readonly HistoryEvent[] | null): string {
  if (events === null) return MISSING_TRANSCRIPT;
  if (events.length === 0) return EMPTY_TRANSCRIPT;
  return events.map(transcriptLine).join('\n');
}
