export interface TextPart {
  text: string;
  match: boolean;
}

/** The words of a search, for highlighting: quotes and operators dropped, longest first. */
export function searchTerms(q: string | undefined): string[] {
  if (!q) return [];
  const words = q
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/^["'(*+-]+|["')*]+$/g, ''))
    .filter((word) => word.length > 0 && !['and', 'or', 'not', 'near'].includes(word));
  return [...new Set(words)].sort((a, b) => b.length - a.length);
}

/** `text` cut into parts, each term occurrence (any case) its own matching part. */
export function highlightParts(text: string, terms: readonly string[]): TextPart[] {
  if (terms.length === 0 || text.length === 0) return [{ text, match: false }];
  const pattern = new RegExp(terms.map(escapeRegExp).join('|'), 'gi');
  const parts: TextPart[] = [];
  let last = 0;
  for (const found of text.matchAll(pattern)) {
    const at = found.index;
    if (found[0].length === 0) continue;
    if (at > last) parts.push({ text: text.slice(last, at), match: false });
    parts.push({ text: found[0], match: true });
    last = at + found[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
