import type { z } from 'zod';
import { AppError } from '../../../src-shared/contract/app-error';
import { describeZodError } from '../contract/describe-zod-error';

/** Validates `value`, or throws invalid_input with one sentence naming the offending field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  subject: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('invalid_input', describeZodError(subject, result.error));
  return result.data;
}
