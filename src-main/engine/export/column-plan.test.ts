import { describe, expect, it } from 'vitest';
import type { Session } from '../../../src-shared/opencx/session';
import { makeSession } from '../store/testing/make-session';
import { planColumns } from './column-plan';
import {
  checkColumnSelection,
  EXPORT_COLUMN_FAMILIES,
  EXPORT_COLUMNS,
  LIST_COLUMN_IDS,
} from './export-columns';
import { discoverFields, emptyDiscovery } from './session-fields';
import { ZoneClock } from './zone-clock';

const headers = (...args: Parameters<typeof planColumns>) =>
  planColumns(...args).map((column) => column.header);

describe('the column catalogue', () => {
  it('has unique ids, and every list column is in it', () => {
    const ids = EXPORT_COLUMNS.map((column) => column.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of LIST_COLUMN_IDS) expect(ids).toContain(id);
    for (const family of EXPORT_COLUMN_FAMILIES) expect(family.prefix.endsWith('.')).toBe(true);
  });

  it('accepts every catalogued id and any custom-data key, refuses the rest', () => {
    expect(checkColumnSelection(EXPORT_COLUMNS.map((c) => c.id))).toHaveLength(
      EXPORT_COLUMNS.length,
    );
    expect(checkColumnSelection(['custom_data.a.b', 'contact.custom_data.x'])).toHaveLength(2);
    expect(() => checkColumnSelection(['custom_data.'])).toThrow(/Unknown column "custom_data\."/);
    expect(() => checkColumnSelection([])).toThrow(/^Choose at least one column\./);
    expect(() => checkColumnSelection('some')).toThrow(/^columns must be "list", "all"/);
  });
});

describe('planColumns', () => {
  const discover = (...sessions: Session[]) => {
    const discovered = emptyDiscovery();
    for (const session of sessions) discoverFields(session, discovered);
    return discovered;
  };

  it("'all' is the catalogue with each custom-data key after its object, unknown fields before tags", () => {
    const discovered = discover(
      makeSession({
        custom_data: { zeta: 1, alpha: 'a' },
        contact: {
          id: 'c',
          custom_data: { tier: 'x' },
          non_verified_custom_data: { n: 1 },
          extra: 1,
        } as Session['contact'],
        channel: { type: 'web', region: 'eu' } as Session['channel'],
      }),
      { ...makeSession(), zz_new: { nested: { deep: true }, list: [1] }, aa_new: null } as Session,
    );
    const all = headers('all', { transcripts: false, clock: null, discovered });
    const catalogue = EXPORT_COLUMNS.map((c) => c.id).filter((id) => id !== 'transcript');
    expect(all.filter((h) => catalogue.includes(h))).toEqual(catalogue);
    expect(all.slice(all.indexOf('assignee_id') + 1, all.indexOf('contact.id'))).toEqual([
      'custom_data.alpha',
      'custom_data.zeta',
    ]);
    expect(
      all.slice(all.indexOf('contact.non_verified_email') + 1, all.indexOf('team.id')),
    ).toEqual(['contact.custom_data.tier', 'contact.non_verified_custom_data.n']);
    expect(all.slice(all.indexOf('ticketing_system.id_type') + 1, all.indexOf('tags'))).toEqual([
      'aa_new',
      'channel.region',
      'contact.extra',
      'zz_new.list',
      'zz_new.nested.deep',
    ]);
    expect(all.at(-1)).toBe('tags');
  });

  it('adds a local-time twin after each time column, and the transcript where asked', () => {
    const clock = new ZoneClock('Asia/Tokyo');
    expect(
      headers(['updated_at', 'id', 'last_message_at'], {
        transcripts: true,
        clock,
        discovered: null,
      }),
    ).toEqual([
      'updated_at',
      'updated_at (Asia/Tokyo)',
      'id',
      'last_message_at',
      'last_message_at (Asia/Tokyo)',
      'transcript',
    ]);
    expect(
      headers(['transcript', 'id'], { transcripts: true, clock: null, discovered: null }),
    ).toEqual(['transcript', 'id']);
  });

  it('keeps the same column for two fields of one name whatever order sessions come in', () => {
    const dotted = { ...makeSession(), 'extra.field': 1 } as Session;
    const nested = { ...makeSession(), extra: { field: 2 } } as Session;
    const forwards = planColumns('all', {
      transcripts: false,
      clock: null,
      discovered: discover(dotted, nested),
    });
    const backwards = planColumns('all', {
      transcripts: false,
      clock: null,
      discovered: discover(nested, dotted),
    });
    expect(backwards).toEqual(forwards);
    expect(forwards.filter((column) => column.header === 'extra.field')).toHaveLength(1);
  });

  it('never writes two columns with one name', () => {
    const discovered = discover({
      ...makeSession({ custom_data: { x: 1 } }),
      'custom_data.x': 2,
    } as Session);
    const all = headers('all', { transcripts: false, clock: null, discovered });
    expect(all).toContain('custom_data.x');
    expect(all).toContain('custom_data.x (2)');
  });
});
