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
