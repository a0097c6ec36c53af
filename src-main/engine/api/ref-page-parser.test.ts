import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRefPage, refPageOf, UnparseableBody } from './ref-page-parser';
import { SessionRefPageSchema } from './session-ref-page';
import { validatePayload } from './payload-validation';
import { runModuleScript } from './testing/run-module-script';

// A tag walk's page is parsed on a worker and cut down to ids and created_at; the engine then
// validates what comes back. Every page must come out of that exactly as validating the whole
// page on the engine's thread would: the same refs, or the same sentence for the same defect.

const bytesOf = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer;

const NAMES = { payload: 'filter response', element: { noun: 'session', listKey: 'data' } };

const session = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `s-${n}`,
  created_at: `2026-03-0${1 + (n % 9)}T10:00:00.000Z`,
  status: 'open',
  custom_data: { plan: 'pro', n },
  contact: { id: `c-${n}`, name: 'Zoë 😀' },
  ...extra,
});

const PAGES: [string, unknown][] = [
  ['a page of whole sessions', { data: [session(1), session(2)], has_next: true, page: 1 }],
  ['an empty last page', { data: [], has_next: false }],
  [
    'a session without an id',
    { data: [session(1), { created_at: '2026-03-01T10:00:00Z' }], has_next: false },
  ],
  [
    'a created_at that is not a date',
    { data: [session(1, { created_at: 'yesterday' })], has_next: false },
  ],
  ['an id of the wrong type', { data: [session(1, { id: 42 })], has_next: false }],
  [
    'an element that is not an object',
    { data: [session(1), 'session', null, [1]], has_next: false },
  ],
  ['data that is not a list', { data: { id: 's-1' }, has_next: false }],
  ['no has_next', { data: [session(1)] }],
  ['a bare array', [session(1)]],
  ['a string', 'not a page'],
  ['null', null],
];

function outcome(page: unknown): { refs: unknown } | { error: string } {
  try {
    return { refs: validatePayload(SessionRefPageSchema, page, NAMES) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('tag walk pages parsed off the engine thread', () => {
  it.each(PAGES)('validate as the whole page does: %s', async (_name, page) => {
    const text = JSON.stringify(page);
    expect(outcome(await parseRefPage(text))).toEqual(outcome(JSON.parse(text)));
    expect(outcome(await parseRefPage(bytesOf(text)))).toEqual(outcome(JSON.parse(text)));
  });

  it('take the bytes without a copy: the caller no longer has them', async () => {
    const bytes = bytesOf(JSON.stringify({ data: [session(3)], has_next: false }));
    const parsed = parseRefPage(bytes);
    expect(bytes.byteLength).toBe(0);
    expect(await parsed).toEqual({
      data: [{ id: 's-3', created_at: session(3).created_at }],
      has_next: false,
    });
  });

  it('read bytes as fetch reads text: a leading byte-order mark dropped', async () => {
    const text = `\uFEFF${JSON.stringify({ data: [], has_next: false })}`;
    await expect(parseRefPage(bytesOf(text))).resolves.toEqual({ data: [], has_next: false });
  });

  it('keep nothing but the ids, created_at and has_next', async () => {
    const text = JSON.stringify({ data: [session(7)], has_next: true, total: 1 });
    expect(await parseRefPage(text)).toEqual({
      data: [{ id: 's-7', created_at: session(7).created_at }],
      has_next: true,
    });
    expect(refPageOf(JSON.parse(text))).toEqual(await parseRefPage(text));
  });

  it.each([
    ['text', (text: string) => text],
    ['bytes', bytesOf],
  ])('reject a body (as %s) that is not JSON, saying whether it was blank', async (_as, as) => {
    const cut = await parseRefPage(as('{"data":[{"id":"s-1"')).catch((error: unknown) => error);
    expect(cut).toBeInstanceOf(UnparseableBody);
    expect(cut).toBeInstanceOf(SyntaxError);
    expect((cut as UnparseableBody).blank).toBe(false);
    const blank = await parseRefPage(as(' \r\n\t')).catch((error: unknown) => error);
    expect((blank as UnparseableBody).blank).toBe(true);
    // The worker is still there for the next page.
    await expect(parseRefPage('{"data":[],"has_next":false}')).resolves.toEqual({
      data: [],
      has_next: false,
    });
  });

  it('answer each of many pages asked at once with its own refs', async () => {
    const texts = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ data: [session(i), session(i + 1000)], has_next: i < 49 }),
    );
    const pages = await Promise.all(texts.map((text) => parseRefPage(text)));
    expect(pages).toEqual(texts.map((text) => refPageOf(JSON.parse(text))));
  });

  it('keep a process alive while a page is parsed, and not once it is', async () => {
    // Nothing else holds the child's event loop: it must wait for the page, then exit.
    const parserModule = fileURLToPath(new URL('./ref-page-parser.ts', import.meta.url));
    const page = JSON.stringify({ data: [session(1)], has_next: false });
    const script = `
      const { parseRefPage } = await import(${JSON.stringify(parserModule)});
      parseRefPage(${JSON.stringify(page)}).then((refs) => console.log(JSON.stringify(refs)));
    `;
    const { exit, stdout, stderr } = await runModuleScript(script);
    expect(stderr).toBe('');
    expect(exit).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      data: [{ id: 's-1', created_at: session(1).created_at }],
      has_next: false,
    });
  }, 40_000);
});
