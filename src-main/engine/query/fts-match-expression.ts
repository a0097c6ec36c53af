// Mirrors FTS5's unicode61 tokenizer closely enough: letters, digits and combining marks make
// tokens, everything else separates them. Tokens never contain a double quote, so wrapping each
// in quotes cannot produce FTS5 syntax from user text.
const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/**
 * Turns what a user typed into a safe FTS5 MATCH expression: every whitespace-separated word
 * becomes a quoted phrase of its tokens (so "555-0100" or "a.b@c.com" match as written), words
 * are ANDed, and the last word is prefix-matched for type-ahead. Returns null when the text has
 * no searchable token (then `q` constrains nothing).
 */
export function toFtsMatchExpression(text: string): string | null {
  const phrases: string[] = [];
  for (const word of text.split(/\s+/)) {
    const tokens = word.match(TOKEN);
    if (tokens) phrases.push(`"${tokens.join(' ')}"`);
  }
  if (phrases.length === 0) return null;
  const endsWithSpace = /\s$/.test(text);
  if (!endsWithSpace) phrases[phrases.length - 1] += '*';
  return phrases.join(' ');
}

/** One quoted phrase of an expression: its tokens, and whether its last one is a prefix. */
export interface FtsPhrase {
  tokens: string[];
  prefix: boolean;
}

// What toFtsMatchExpression writes: quoted phrases separated by single spaces, only the last
// one starred.
const EXPRESSION = /^"[^"]+"(?: "[^"]+")*\*?$/;

/**
 * The phrases of an expression made by toFtsMatchExpression (the column index answers some
 * from memory); null for any other text, which is then left to FTS5 to read.
 */
export function parseFtsMatchExpression(expression: string): FtsPhrase[] | null {
  if (!EXPRESSION.test(expression)) return null;
  const prefix = expression.endsWith('*');
  const quoted = prefix ? expression.slice(0, -1) : expression;
  const phrases = quoted
    .slice(1, -1)
    .split('" "')
    .map((phrase) => ({ tokens: phrase.split(' '), prefix: false }));
  const last = phrases[phrases.length - 1];
  if (last) last.prefix = prefix;
  return phrases.every((phrase) => phrase.tokens.every((token) => token.length > 0))
    ? phrases
    : null;
}
