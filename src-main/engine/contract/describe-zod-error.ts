import type { z } from 'zod';

/** One sentence naming the first offending field, e.g. `filter.status[0]: Invalid option…`. */
export function describeZodError(subject: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `The input for ${subject} is not valid.`;
  const path = issue.path.length ? formatPath(issue.path) : '(the whole input)';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem(s))` : '';
  return `The input for ${subject} is not valid at ${path}: ${issue.message}${more}.`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}
