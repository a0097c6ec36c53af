import { describe, expect, it } from 'vitest';
import { fieldAt, fieldReader, plainCell } from './cell-value';
import { csvCellText, csvValueText, defangCsvText } from './csv-cell';
import { csvRecords } from './csv-writer';
import { ZoneClock } from './zone-clock';

describe('defangCsvText (OWASP CSV injection)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ['+1 555-0100', "'+1 555-0100"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['\uff1d1+1', "'\uff1d1+1"],
    ['-', "'-"],
    ['+', "'+"],
    ['-e5', "'-e5"],
    ['- 5', "'- 5"],
  ])('defangs %j', (text, expected) => {
    expect(defangCsvText(text)).toBe(expected);
  });

  it.each(['-5', '+5', '-3.25', '+.5', '-1e10', '-2E-3', '5', 'plain', '', ' =1', "'=1", 'a=b'])(
    'leaves %j as it is',
    (text) => {
      expect(defangCsvText(text)).toBe(text);
    },
  );
});

describe('csvCellText', () => {
  it('writes values as text and times as ISO-8601, UTC or local with the offset', () => {
    expect(csvCellText(null)).toBe('');
    expect(csvCellText(-5)).toBe('-5');
    expect(csvCellText(false)).toBe('false');
    const ms = Date.parse('2026-03-29T01:30:00.000Z');
    expect(csvCellText({ ms, clock: null })).toBe('2026-03-29T01:30:00.000Z');
    // Berlin switches to summer time at 01:00 UTC that day.
    expect(csvCellText({ ms, clock: new ZoneClock('Europe/Berlin') })).toBe(
      '2026-03-29T03:30:00.000+02:00',
    );
  });
});

describe('csvRecords (RFC 4180, by csv-stringify)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    [' spaced ', ' spaced '],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line\r\nbreak', '"line\r\nbreak"'],
    ['lone\rCR', '"lone\rCR"'],
    ['lone\nLF', '"lone\nLF"'],
    ['tab\tstays bare', 'tab\tstays bare'],
  ])('writes %j as %j', (text, expected) => {
    expect(csvRecords([[text, 'next']])).toBe(`${expected},next\r\n`);
  });
});

describe('the CSV fast paths', () => {
  // Stored documents are JSON.stringify output, so these are the values a field can hold.
  const values: unknown[] = [
    'Zoë 😀 👩‍👩‍👧',
    'مرحبا עברית',
    'She said "hi", then \'bye\'',
    'line one\r\nline two\rthree\nfour',
    'a, b,, c,',
    '=HYPERLINK("http://x","y")',
    '-5',
    '-2+3',
    '\tx',
    '',
    null,
    undefined,
    0,
    -0,
    -5,
    3.25,
    1e21,
    Number('12345678901234567890'),
    Number.POSITIVE_INFINITY,
    true,
    false,
    [],
    ['a', 1, null],
    {},
    { nested: { '=k': '"v"' } },
  ];

  it('csvValueText writes what defangCsvText(csvCellText(plainCell(v))) writes', () => {
    for (const value of values) {
      expect(csvValueText(value)).toBe(defangCsvText(csvCellText(plainCell(value))));
    }
  });

  it('fieldReader reads what fieldAt reads, own fields only', () => {
    const session = JSON.parse(
      '{"a":"x","list":[{"b":1}],"n":null,"o":{"b":"y","n":null,"deep":{"c":3}},"__proto__":{"b":2},"s":"text"}',
    ) as unknown;
    const paths = [
      ['a'],
      ['missing'],
      ['n'],
      ['toString'],
      ['__proto__'],
      ['o', 'b'],
      ['o', 'n'],
      ['o', 'missing'],
      ['o', 'toString'],
      ['list', '0'],
      ['list', 'length'],
      ['n', 'b'],
      ['s', 'length'],
      ['__proto__', 'b'],
      ['o', 'deep', 'c'],
      ['o', 'deep', 'missing'],
    ];
    for (const path of paths) {
      for (const object of [session, null, 'text', [session]]) {
        expect(fieldReader(path)(object)).toBe(fieldAt(object, path));
      }
    }
  });
});
