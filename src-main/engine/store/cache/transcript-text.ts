import type { HistoryEvent } from '../../../../src-shared/opencx/history';

/** The searchable text of a transcript: every event's text content, in order. */
export function transcriptText(events: readonly HistoryEvent[]): string {
  const parts: string[] = [];
  for (const event of events) {
    const text = event.event.content?.text;
    if (typeof text === 'string' && text.length > 0) parts.push(text);
  }
  return parts.join('\n');
}

/** The created_at of the newest `message` event, or null when the transcript has none. */
export function newestMessageAt(events: readonly HistoryEvent[]): number | null {
  let newest: number | null = null;
  for (const event of events) {
    if (event.event.type !== 'message') continue;
    const ms = Date.parse(event.created_at);
    if (Number.isFinite(ms) && (newest === null || ms > newest)) newest = ms;
  }
  return newest;
}
