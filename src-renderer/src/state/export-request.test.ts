import { describe, expect, it } from 'vitest';
import { COLUMN_KEYS } from './columns.svelte';
import {
  columnsFor,
  exportInput,
  exportLabel,
  GRID_TO_EXPORT,
  type ExportChoices,
  type ListState,
} from './export-request';
import { EXPORT_COLUMNS } from '../../../src-shared/export/export-catalogue';

const list: ListState = {
  filter: { status: ['open'], q: 'refund' },
  sort: { field: 'created_at', order: 'asc' },
  visible: ['ticket', 'contact', 'status', 'last_message'],
  timeZone: 'Europe/Berlin',
};

const choices = (overrides: Partial<ExportChoices> = {}): ExportChoices => ({
  scope: 'selected',
  format: 'csv',
  columns: 'visible',
  chosen: [],
  customDataKeys: [],
  transcripts: false,
  bom: false,
  localTime: false,
  ...overrides,
});

describe('the export dialog’s choices as the contract’s input', () => {
  it('maps every grid column to a catalogued export column', () => {
    const catalogued = new Set(EXPORT_COLUMNS.map((column) => column.id));
    for (const key of COLUMN_KEYS) expect(catalogued.has(GRID_TO_EXPORT[key])).toBe(true);
  });

  it('exports the selected ids in the list’s sort, with the list’s columns led by the id', () => {
    const built = exportInput('export-1234', choices(), { kind: 'ids', ids: ['b', 'a'] }, list);
    expect(built).toEqual({
      input: {
        export_id: 'export-1234',
        selection: { ids: ['b', 'a'], sort: { field: 'created_at', order: 'asc' } },
        format: 'csv',
        columns: ['id', 'ticket_number', 'contact.name', 'status', 'last_message_at'],
        transcripts: false,
        bom: false,
        time_zone: null,
      },
    });
  });

  it('"select all, less some" keeps its own filter and the unticked ids', () => {
    const target = {
      kind: 'filter' as const,
      filter: { channels: ['web' as const] },
      sort: { field: 'updated_at' as const, order: 'desc' as const },
      except: ['x'],
      count: 41,
    };
    const built = exportInput('export-1234', choices({ columns: 'all' }), target, list);
    expect(built).toMatchObject({
      input: {
        selection: {
          filter: { channels: ['web'] },
          sort: { field: 'updated_at', order: 'desc' },
          except: ['x'],
        },
        columns: 'all',
      },
    });
  });

  it('all matching: the list’s filter (search included) and sort', () => {
    const built = exportInput('export-1234', choices({ scope: 'matching' }), null, list);
    expect(built).toMatchObject({
      input: { selection: { filter: list.filter, sort: list.sort } },
    });
  });

  it('chosen columns in the order given, custom-data keys after; none is a problem', () => {
    expect(
      columnsFor(
        choices({ columns: 'chosen', chosen: ['status', 'id'], customDataKeys: [' plan ', ''] }),
        list,
      ),
    ).toEqual({ columns: ['status', 'id', 'custom_data.plan'] });
    expect(columnsFor(choices({ columns: 'chosen' }), list)).toEqual({
      problem: 'Choose at least one column.',
    });
  });

  it('JSON writes whole sessions; BOM only for CSV; local time only for tables', () => {
    const json = exportInput(
      'export-1234',
      choices({ format: 'json', columns: 'chosen', bom: true, localTime: true, transcripts: true }),
      null,
      list,
    );
    expect(json).toMatchObject({
      input: { columns: 'all', bom: false, time_zone: null, transcripts: true },
    });
    const csv = exportInput('export-1234', choices({ bom: true, localTime: true }), null, list);
    expect(csv).toMatchObject({ input: { bom: true, time_zone: 'Europe/Berlin' } });
  });

  it('refuses more selected ids than one export takes, in a sentence', () => {
    const ids = Array.from({ length: 100_001 }, (_, i) => `id-${i}`);
    const built = exportInput('export-1234', choices(), { kind: 'ids', ids }, list);
    expect(built).toEqual({ problem: expect.stringMatching(/at most 100,000 selected sessions/) });
  });

  it('labels the status bar’s progress', () => {
    expect(exportLabel(1200, 'csv')).toBe('Exporting 1,200 sessions to CSV');
    expect(exportLabel(1, 'xlsx')).toBe('Exporting 1 session to Excel');
    expect(exportLabel(null, 'jsonl')).toBe('Exporting sessions to JSON Lines');
  });
});
