import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { querySessions } from '../query/session-query';
import type { CacheStore } from '../store/cache-store';
import { openTempCache } from '../store/testing/temp-dir';
import { exportSessionsToFile } from './export-sessions';
import {
  cachedSession,
  expectedText,
  expectedTranscript,
  expectedValue,
  shouldDefang,
} from './testing/expected-cells';
import { NASTY, nastyData, seedNasty, type NastyData } from './testing/nasty-sessions';

// Round trips: export the seeded cache, read the file back with a real parser (csv-parse,
// exceljs's reader, JSON.parse) and compare every cell with the cache.

let cache: { store: CacheStore; dir: string; dispose: () => void };
let data: NastyData;
const ZONE = 'Europe/Berlin';

beforeAll(() => {
  cache = openTempCache();
  data = nastyData();
  seedNasty(cache.store, data);
});
afterAll(() => cache.dispose());

/** Ids in the list's default order (last_message_at desc), from the query engine. */
function listOrder(): string[] {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = querySessions(cache.store.reader, { limit: 500, cursor }, Date.now());
    ids.push(...page.items.map((session) => session.id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

/** Every line break outside quoted fields is CRLF (RFC 4180). */
function recordBreaksAreCrlf(text: string): boolean | number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '\n' && text[i - 1] !== '\r') return i;
    else if (!quoted && char === '\r' && text[i + 1] !== '\n') return i;
  }
  return !quoted;
}

describe('CSV round trip', () => {
  let text: string;
  let header: string[];
  let records: string[][];

  beforeAll(async () => {
    const path = join(cache.dir, 'all.csv');
    await exportSessionsToFile(
      cache.store.reader,
      {
        selection: { filter: {} },
        format: 'csv',
        columns: 'all',
        transcripts: true,
        bom: true,
        timeZone: ZONE,
      },
      path,
    );
    text = readFileSync(path, 'utf8');
    const rows = parse(text, { bom: true, record_delimiter: '\r\n' }) as string[][];
    header = rows[0] as string[];
    records = rows.slice(1);
  });

  it('is UTF-8 with a BOM, CRLF between records, and one record per session in list order', () => {
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(recordBreaksAreCrlf(text)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(records.map((record) => record[header.indexOf('id')])).toEqual(listOrder());
  });

  it('has every field, custom-data key and unknown field as a column, in catalogue order', () => {
    expect(header.slice(0, 4)).toEqual(['id', 'ticket_number', 'status', 'ai_closure_type']);
    expect(header.indexOf(`created_at (${ZONE})`)).toBe(header.indexOf('created_at') + 1);
    expect(header.indexOf(`updated_at (${ZONE})`)).toBe(header.indexOf('updated_at') + 1);
    for (const column of [
      'channel.type',
      'contact.email',
      'team.name',
      'handoff.summary',
      'ticketing_system.external_id',
      'custom_data.key.with.dots',
      'custom_data.plan',
      'contact.custom_data.=evil',
      'contact.non_verified_custom_data.note',
      'channel.region',
      'contact.extra_field',
      'priority',
      'sla.due_at',
      'sla.breached',
      'sla.levels',
      'tags',
    ]) {
      expect(header, column).toContain(column);
    }
    expect(header.at(-1)).toBe('transcript');
    expect(header.indexOf('custom_data.plan')).toBeLessThan(header.indexOf('contact.id'));
    expect(header.indexOf('priority')).toBeLessThan(header.indexOf('tags'));
    expect(new Set(header).size).toBe(header.length);
  });

  it('gives back every cell of the cache, defanged exactly where OWASP says', () => {
    let defanged = 0;
    for (const record of records) {
      const cached = cachedSession(cache.store, record[0] as string);
      header.forEach((column, index) => {
        if (column.endsWith(`(${ZONE})`)) return;
        const expected = expectedText(cached, column);
        const cell = record[index];
        if (shouldDefang(expected)) {
          defanged++;
          expect(cell, `${cached.session.id} ${column}`).toBe(`'${expected}`);
        } else {
          expect(cell, `${cached.session.id} ${column}`).toBe(expected);
        }
      });
    }
    expect(defanged).toBeGreaterThan(8);
  });

  it('keeps the nastiest values byte for byte', () => {
    const full = records.find((record) => record[0] === data.sessions[0]?.id) as string[];
    const at = (column: string) => full[header.indexOf(column)];
    expect(at('contact.name')).toBe(NASTY.emoji);
    expect(at('contact.non_verified_name')).toBe(NASTY.nfd);
    expect(at('team.name')).toBe(NASTY.rtl);
    expect(at('custom_data.note')).toBe(NASTY.crlf);
    expect(at('contact.email')).toBe(`'${NASTY.formula}`);
    expect(at('contact.phone_number')).toBe(`'${NASTY.plusText}`);
    expect(at('contact.custom_data.=evil')).toBe(`'${NASTY.at}`);
    expect(at('contact.non_verified_custom_data.note')).toBe(`'${NASTY.minusText}`);
    // Plain numbers are never defanged, typed or text.
    expect(at('custom_data.score')).toBe('-5');
    expect(at('custom_data.neg')).toBe('-5');
    expect(at('custom_data.pos')).toBe('+3.5');
    expect(at('ticketing_system.external_id')).toBe('-42');
    expect(at('custom_data.vip')).toBe('true');
    expect(at('tags')).toBe('billing, refunds, vip');
    // Times in UTC, and the local twin naming its zone (CET in January, CEST in July).
    expect(at('created_at')).toBe('2026-01-05T08:00:00.000Z');
    expect(at(`created_at (${ZONE})`)).toBe('2026-01-05T09:00:00.000+01:00');
    expect(at(`updated_at (${ZONE})`)).toBe('2026-07-01T14:00:00.000+02:00');
    expect(at('transcript')).toBe(
      [
        '[2026-01-05T08:00:01.000Z] Zoë: line one\nline two\nline three\nline four',
        `[2026-01-05T08:00:02.000Z] ai: ${NASTY.formula} [attachment: invoice.pdf]`,
        '[2026-01-05T08:00:03.000Z] (handoff)',
      ].join('\n'),
    );
    const strings = records.find((record) => record[0] === data.sessions[3]?.id) as string[];
    const of = (column: string) => strings[header.indexOf(column)];
    expect(of('custom_data.separators')).toBe(NASTY.lineSeparators);
    expect(of('custom_data.quotes')).toBe(NASTY.quotes);
    expect(of('custom_data.commas')).toBe(NASTY.commas);
    expect(of('custom_data.tab')).toBe(`'${NASTY.tab}`);
    expect(of('custom_data.cr')).toBe(`'${NASTY.cr}`);
    expect(of('custom_data.full_width')).toBe(`'${NASTY.fullWidth}`);
    expect(of('custom_data.spaces')).toBe(NASTY.spaces);
    expect(of('custom_data.control')).toBe(NASTY.control);
    expect(of('tags')).toBe(`'=cmd`);
  });

  it('never leaves a transcript silently empty', () => {
    const column = header.indexOf('transcript');
    const bare = records.find((record) => record[0] === data.sessions[1]?.id) as string[];
    expect(bare[column]).toBe('(transcript not downloaded)');
    const empty = records.find((record) => record[0] === data.sessions[2]?.id) as string[];
    expect(empty[column]).toBe('(no messages)');
    expect(records.every((record) => (record[column] ?? '').length > 0)).toBe(true);
  });
});

describe('XLSX round trip', () => {
  let sheet: ExcelJS.Worksheet;
  let header: string[];

  beforeAll(async () => {
    const path = join(cache.dir, 'all.xlsx');
    await exportSessionsToFile(
      cache.store.reader,
      {
        selection: { filter: {} },
        format: 'xlsx',
        columns: 'all',
        transcripts: true,
        timeZone: ZONE,
      },
      path,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets).toHaveLength(1);
    sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  });

  it('has one sheet with a bold frozen header and column widths', () => {
    expect(sheet.rowCount).toBe(data.sessions.length + 1);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    for (let index = 1; index <= header.length; index++) {
      expect(sheet.getColumn(index).width).toBeGreaterThanOrEqual(8);
    }
    expect(header.at(-1)).toBe('transcript');
  });

  it('gives back every cell typed: numbers, booleans, dates as dates, text as text', () => {
    const ids: string[] = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const id = row.getCell(1).value as string;
      ids.push(id);
      const cached = cachedSession(cache.store, id);
      header.forEach((column, index) => {
        const cell = row.getCell(index + 1);
        const where = `${id} ${column}`;
        expect(cell.formula, where).toBeUndefined();
        if (column.endsWith(`(${ZONE})`)) return;
        const expected = expectedValue(cached, column);
        // An empty string reads back as an empty cell: XLSX does not tell them apart.
        if (expected === undefined || expected === null || expected === '') {
          expect(cell.value ?? null, where).toBeNull();
        } else if (['created_at', 'updated_at', 'last_message_at'].includes(column)) {
          expect(cell.value, where).toBeInstanceOf(Date);
          expect((cell.value as Date).getTime(), where).toBe(Date.parse(expected as string));
          expect(cell.numFmt, where).toBe('yyyy-mm-dd hh:mm:ss.000');
        } else if (typeof expected === 'number' || typeof expected === 'boolean') {
          expect(cell.value, where).toBe(expected);
        } else {
          // XML reads CR as LF, and cannot carry most control characters.
          const text = typeof expected === 'string' ? expected : JSON.stringify(expected);
          const xml = text.replace(/\r\n?/g, '\n').replaceAll('\u0007', '\ufffd');
          expect(cell.value, where).toBe(xml);
        }
      });
    });
    expect(ids).toEqual(listOrder());
  });

  it("writes local times as that zone's wall clock and keeps formulas as text", () => {
    const row = sheet.getRow(2 + listOrder().indexOf(data.sessions[0]?.id as string));
    const at = (column: string) => row.getCell(header.indexOf(column) + 1).value;
    expect((at(`created_at (${ZONE})`) as Date).toISOString()).toBe('2026-01-05T09:00:00.000Z');
    expect((at(`updated_at (${ZONE})`) as Date).toISOString()).toBe('2026-07-01T14:00:00.000Z');
    expect(at('contact.email')).toBe(NASTY.formula);
    expect(at('custom_data.score')).toBe(-5);
    expect(at('custom_data.vip')).toBe(true);
    expect(at('custom_data.neg')).toBe('-5');
    expect(at('transcript')).toBe(
      expectedTranscript(cachedSession(cache.store, data.sessions[0]?.id as string).history),
    );
  });
});

describe('JSON round trip', () => {
  const expectedDocument = (id: string, transcripts: boolean) => {
    const cached = cachedSession(cache.store, id);
    return {
      ...cached.session,
      tags: cached.tags,
      ...(transcripts ? { history: cached.history } : {}),
    };
  };

  it('JSON is one array of the sessions exactly as the API sent them, plus tags and history', async () => {
    const path = join(cache.dir, 'all.json');
    const result = await exportSessionsToFile(
      cache.store.reader,
      { selection: { filter: {} }, format: 'json', transcripts: true },
      path,
    );
    const documents = JSON.parse(readFileSync(path, 'utf8')) as Array<{ id: string }>;
    expect(documents.map((document) => document.id)).toEqual(listOrder());
    for (const document of documents) expect(document).toEqual(expectedDocument(document.id, true));
    // Unknown fields kept as sent.
    const unknown = documents.find((document) => document.id === data.sessions[2]?.id);
    expect(unknown).toMatchObject({ priority: 'high', channel: { region: 'eu' } });
    expect(result.columns).toEqual([]);
    expect(result.missing_transcripts).toContain(data.sessions[1]?.id);
    expect(documents.find((document) => document.id === data.sessions[1]?.id)).toMatchObject({
      history: null,
    });
  });

  it('JSON Lines has one such object per line; an empty selection is an empty file', async () => {
    const path = join(cache.dir, 'all.jsonl');
    await exportSessionsToFile(
      cache.store.reader,
      { selection: { filter: {} }, format: 'jsonl' },
      path,
    );
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(listOrder());
    for (const line of lines) {
      const document = JSON.parse(line) as { id: string };
      expect(document).toEqual(expectedDocument(document.id, false));
    }

    const none = { selection: { filter: { q: 'nothing-matches-this' } } } as const;
    const emptyJson = join(cache.dir, 'none.json');
    await exportSessionsToFile(cache.store.reader, { ...none, format: 'json' }, emptyJson);
    expect(JSON.parse(readFileSync(emptyJson, 'utf8'))).toEqual([]);
    const emptyLines = join(cache.dir, 'none.jsonl');
    await exportSessionsToFile(cache.store.reader, { ...none, format: 'jsonl' }, emptyLines);
    expect(readFileSync(emptyLines, 'utf8')).toBe('');
  });
});
