import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src-shared/opencx/history';
import { transcriptText } from './transcript-lines';

const at = '2026-01-01T10:00:00+02:00';

describe('transcriptText', () => {
  it('writes one "[time] sender: text" line per event, times in UTC, line breaks as LF', () => {
    const events: HistoryEvent[] = [
      {
        id: '1',
        created_at: at,
        event: {
          type: 'message',
          sender: { type: 'contact', name: 'Ada' },
          content: { type: 'text', text: 'a\r\nb\rc' },
        },
      },
      {
        id: '2',
        created_at: at,
        event: { type: 'message', sender: { type: 'ai' }, content: { type: 'text', text: 'hi' } },
      },
      {
        id: '3',
        created_at: at,
        event: { type: 'human_agent_joined', sender: { type: 'human_agent', name: 'Bo' } },
      },
      { id: '4', created_at: at, event: { type: 'handoff' } },
      {
        id: '5',
        created_at: at,
        event: {
          type: 'message',
          sender: { type: 'contact', name: '' },
          attachments: [{ id: 'a', name: 'x.png', size: 1, type: 'image', url: 'u' }],
        },
      },
    ];
    expect(transcriptText(events)).toBe(
      [
        '[2026-01-01T08:00:00.000Z] Ada: a\nb\nc',
        '[2026-01-01T08:00:00.000Z] ai: hi',
        '[2026-01-01T08:00:00.000Z] (human_agent_joined) Bo',
        '[2026-01-01T08:00:00.000Z] (handoff)',
        '[2026-01-01T08:00:00.000Z] contact: [attachment: x.png]',
      ].join('\n'),
    );
  });

  it('says when a transcript is missing or empty instead of leaving the cell blank', () => {
    expect(transcriptText(null)).toBe('(transcript not downloaded)');
    expect(transcriptText([])).toBe('(no messages)');
  });
});
