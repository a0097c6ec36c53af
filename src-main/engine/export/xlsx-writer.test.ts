import { describe, expect, it } from 'vitest';
import { XLSX_MAX_CELL_CHARS, xlsxText } from './xlsx-writer';

describe('xlsxText', () => {
  it('replaces what XML cannot carry, keeps tab, LF and CR', () => {
    expect(xlsxText('a\u0000b\u0007c\u001fd\u007fe\uffff')).toBe(
      'a\ufffdb\ufffdc\ufffdd\ufffde\ufffd',
    );
    expect(xlsxText('a\tb\nc\rd')).toBe('a\tb\nc\rd');
    expect(xlsxText('😀 مرحبا')).toBe('😀 مرحبا');
  });

  it("cuts a cell at Excel's limit with a note, never inside a surrogate pair", () => {
    const long = 'x'.repeat(40_000);
    const cut = xlsxText(long);
    expect(cut).toHaveLength(XLSX_MAX_CELL_CHARS);
    expect(cut).toMatch(
      /… \(cut here: Excel holds 32767 characters per cell; CSV and JSON exports hold all 40000\)$/,
    );
    const emoji = '😀'.repeat(20_000);
    const cutEmoji = xlsxText(emoji);
    expect(cutEmoji.length).toBeLessThanOrEqual(XLSX_MAX_CELL_CHARS);
    expect(cutEmoji.startsWith('😀')).toBe(true);
    expect(cutEmoji).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(xlsxText('x'.repeat(XLSX_MAX_CELL_CHARS))).toHaveLength(XLSX_MAX_CELL_CHARS);
  });
});
