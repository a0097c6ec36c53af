import { startFakeOpencx, type FakeOpencx } from '../server';
import type { FakeOpencxOptions } from '../fake-opencx-options';
import { OpenApiResponseValidator } from './openapi-validator';

let shared: OpenApiResponseValidator | null = null;

export interface CheckedFake {
  fake: FakeOpencx;
  /** Every answer so far that does not fit openapi.json (deliberately broken ones excepted). */
  violations: string[];
  /** How many answers were checked. */
  checked: () => number;
  /** method + route + status of every answer, to show which cases a test file covered. */
  seen: Set<string>;
}

/** A fake whose every answer is checked against openapi.json while the tests run. */
export async function startCheckedFake(options: FakeOpencxOptions = {}): Promise<CheckedFake> {
  shared ??= new OpenApiResponseValidator();
  const validator = shared;
  const violations: string[] = [];
  const seen = new Set<string>();
  let checked = 0;
  const fake = await startFakeOpencx({
    ...options,
    onResponse: (response) => {
      options.onResponse?.(response);
      seen.add(
        `${response.method} ${response.path.replace(/\/chat\/sessions\/(?!filter)[^/]+/, '/chat/sessions/{id}')} ${response.status}`,
      );
      // Truncated and malformed answers break the schema on purpose.
      if (response.fault === 'truncated' || response.fault === 'malformed') return;
      checked++;
      try {
        const problem = validator.check(
          response.method,
          response.path,
          response.status,
          response.body,
        );
        if (problem) violations.push(problem);
      } catch (error) {
        violations.push(
          `validator failed on ${response.method} ${response.path}: ${String(error)}`,
        );
      }
    },
  });
  return { fake, violations, checked: () => checked, seen };
}
