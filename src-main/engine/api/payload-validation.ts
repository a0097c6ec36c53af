import type { z } from 'zod';
import { badResponseError } from './api-error';

/**
 * What a response holds, for error messages: the whole payload's name, and the name of one
 * element of its list (under `listKey`, or the payload itself when it is a bare array).
 */
export interface PayloadNames {
  payload: string;
  element?: { noun: string; listKey: string | null };
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** `["data", 3, "id"]` → `data[3].id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** One sentence (without its full stop) naming the entity, the field and where it is, never the offending value. */
export function describePayloadIssue(issue: z.core.$ZodIssue, names: PayloadNames): string {
  const path = issue.path;
  const where = formatPath(path);
  let noun = names.payload;
  let field = path;
  const el = names.element;
  if (el) {
    const prefix = el.listKey === null ? 0 : 1;
    const inList = el.listKey === null || path[0] === el.listKey;
    if (inList && path.length > prefix && typeof path[prefix] === 'number') {
      noun = el.noun;
      field = path.slice(prefix + 1);
    }
  }
  const detail = issue.message.replace(/^Invalid input: /, '');
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  if (field.length === 0) {
    return `OpenCX sent ${article(noun)} that is invalid at ${where || 'the top level'} (${detail})`;
  }
  const fieldName = formatPath(field);
  if (missing) return `OpenCX sent ${article(noun)} without ${article(fieldName)} at ${where}`;
  return `OpenCX sent ${article(noun)} with an invalid ${fieldName} at ${where} (${detail})`;
}

/** Parses `value` with `schema` or throws a bad_response error naming the first bad field. */
export function validatePayload<S extends z.ZodType>(
  schema: S,
  value: unknown,
  names: PayloadNames,
): z.output<S> {
  // reportInput tells a missing field (no input) from a wrong one; the input never reaches a message.
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const message = first
    ? describePayloadIssue(first, names)
    : `OpenCX sent ${article(names.payload)} that is invalid`;
  const more = result.error.issues.length - 1;
  return failWith(
    `${message}${more > 0 ? `, and ${more} more problem${more > 1 ? 's' : ''}` : ''}.`,
  );
}

function failWith(message: string): never {
  throw badResponseError(message, { unparseable: false });
}
