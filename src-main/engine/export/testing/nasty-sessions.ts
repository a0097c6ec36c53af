import type { HistoryEvent } from '../../../../src-shared/opencx/history';
import type { Session } from '../../../../src-shared/opencx/session';
import type { CacheStore } from '../../store/cache-store';
import { generateSessions, makeSession } from '../../store/testing/make-session';

// A seeded cache for export tests: the nastiest values a cell can hold, absent and empty fields,
// custom data of every type, fields the API sent that the catalogue does not know, tags with
// commas, and transcripts (one with line breaks and attachments, one empty, some missing).

export const NASTY = {
  emoji: 'Zoë 😀 👩‍👩‍👧 family',
  rtl: 'مرحبا بالعالم עברית',
  nfd: 'Zoe\u0308 cafe\u0301',
  bidi: 'invoice\u202efdp.exe',
  crlf: 'line one\r\nline two\rline three\nline four',
  lineSeparators: 'para\u2028next\u2029end',
  quotes: 'She said "hi", then \'bye\'',
  commas: 'a, b,, c,',
  formula: '=HYPERLINK("http://evil.example","click")',
  plusText: '+1 555-0100',
  minusText: '-2+3',
  at: '@SUM(A1:A2)',
  tab: '\tindented',
  cr: '\rstarts with CR',
  minusNumber: '-5',
  plusNumber: '+3.5',
  control: 'bell\u0007char',
  spaces: '  padded  ',
  empty: '',
  fullWidth: '\uff1dSUM(1)',
} as const;

export interface NastyData {
  sessions: Session[];
  /** Sessions with a cached transcript, by id. */
  histories: Map<string, HistoryEvent[]>;
  /** Tag names by session id. */
  tags: Map<string, string[]>;
}

const CONTACT_ID = 'c0000000-0000-4000-8000-000000000001';

export function nastyData(): NastyData {
  const full = makeSession({
    created_at: '2026-01-05T10:00:00.000+02:00',
    updated_at: '2026-07-01T12:00:00.000Z',
    status: 'closed_resolved',
    sentiment: 'angry',
    ai_closure_type: 'handed_off',
    channel: { type: 'whatsapp' },
    ticket_number: 4242,
    assist_mode: true,
    language: 'ar',
    assignee_id: '7',
    contact: {
      id: CONTACT_ID,
      name: NASTY.emoji,
      email: NASTY.formula,
      phone_number: NASTY.plusText,
      custom_data: { tier: 'gold', '=evil': NASTY.at },
      non_verified_name: NASTY.nfd,
      non_verified_email: NASTY.empty,
      non_verified_custom_data: { note: NASTY.minusText },
    },
    custom_data: {
      plan: '=1+1',
      score: -5,
      ratio: 3.25,
      vip: true,
      refunded: false,
      'key.with.dots': 'dotted',
      note: NASTY.crlf,
      neg: NASTY.minusNumber,
      pos: NASTY.plusNumber,
    },
    team: { id: 'team-1', name: NASTY.rtl, description: null },
    handoff: { summary: NASTY.crlf, sentiment: 'angry' },
    ticketing_system: { name: 'zendesk', external_id: '-42', id_type: 'ticket_id' },
  });
  const bare = makeSession({
    created_at: '2026-01-06T00:00:00.000Z',
    updated_at: '2026-01-06T00:00:00.000Z',
    sentiment: null,
    custom_data: {},
  });
  const unknownFields = {
    ...makeSession({
      created_at: '2026-01-07T00:00:00.000Z',
      updated_at: '2026-01-07T01:00:00.000Z',
      channel: { type: 'carrier_pigeon', region: 'eu' } as Session['channel'],
      contact: {
        id: CONTACT_ID,
        name: null,
        email: null,
        extra_field: 'kept',
      } as Session['contact'],
      custom_data: { plan: NASTY.bidi },
    }),
    priority: 'high',
    sla: { due_at: '2026-02-01T00:00:00Z', breached: false, levels: [1, 2] },
  } as Session;
  const strings = makeSession({
    created_at: '2026-01-08T00:00:00.000Z',
    updated_at: '2026-01-08T00:00:00.000Z',
    language: NASTY.empty,
    custom_data: {
      separators: NASTY.lineSeparators,
      quotes: NASTY.quotes,
      commas: NASTY.commas,
      tab: NASTY.tab,
      cr: NASTY.cr,
      control: NASTY.control,
      spaces: NASTY.spaces,
      full_width: NASTY.fullWidth,
      plan: NASTY.empty,
    },
    handoff: { summary: NASTY.quotes, sentiment: null },
  });
  const plain = generateSessions(40, 11).sessions;

  const histories = new Map<string, HistoryEvent[]>([
    [
      full.id,
      [
        {
          id: 'e1',
          created_at: '2026-01-05T08:00:01.000Z',
          event: {
            type: 'message',
            sender: { type: 'contact', name: 'Zoë' },
            content: { type: 'text', text: NASTY.crlf },
          },
        },
        {
          id: 'e2',
          created_at: '2026-01-05T08:00:02.000+00:00',
          event: {
            type: 'message',
            sender: { type: 'ai', name: null },
            content: { type: 'text', text: NASTY.formula },
            attachments: [
              { id: 'a', name: 'invoice.pdf', size: 10, type: 'pdf', url: 'https://x' },
            ],
          },
        },
        { id: 'e3', created_at: '2026-01-05T08:00:03.000Z', event: { type: 'handoff' } },
      ],
    ],
    [unknownFields.id, []],
  ]);
  for (const session of plain.slice(0, 20)) {
    histories.set(session.id, [
      {
        id: `${session.id}-m`,
        created_at: session.updated_at,
        event: {
          type: 'message',
          sender: { type: 'human_agent', name: 'Agent' },
          content: { type: 'text', text: `Hello ${session.ticket_number}` },
        },
      },
    ]);
  }

  const tags = new Map<string, string[]>([
    [full.id, ['billing, refunds', 'vip']],
    [strings.id, ['=cmd']],
  ]);
  return { sessions: [full, bare, unknownFields, strings, ...plain], histories, tags };
}

/** Writes `data` into `store` (sessions, tag catalog and memberships, transcripts). */
export function seedNasty(store: CacheStore, data: NastyData): void {
  store.upsertSessions(data.sessions, '2026-08-01T00:00:00.000Z');
  const names = [...new Set([...data.tags.values()].flat())];
  store.replaceTagCatalog(names.map((tag_name) => ({ tag_name })));
  for (const name of names) {
    store.setTagMembers(
      name,
      [...data.tags].filter(([, tags]) => tags.includes(name)).map(([id]) => id),
    );
  }
  for (const [id, events] of data.histories) store.saveHistory(id, events);
}
