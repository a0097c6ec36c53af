// A time written the way Date#toISOString writes it (2026-05-04T15:30:00.000Z) with fields that
// exist on the calendar reads back as that instant and renders to the same text. The CSV writes
// such a value as it was sent instead of parsing it into a Date and rendering it again: a
// million rows times each time column, and the two calls were most of a time cell's cost.

const ISO_UTC_MS =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/**
 * True when `text` is exactly what `new Date(Date.parse(text)).toISOString()` gives back. (Date
 * parsing rolls 2026-02-30 over to March 2, so the day is checked against its month.)
 */
export function isCanonicalUtcIso(text: string): boolean {
  if (!ISO_UTC_MS.test(text)) return false;
  const day = digits(text, 8, 2);
  if (day <= 28) return true;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}
