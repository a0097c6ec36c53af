import type { AppErrorShape } from '../../../src-shared/contract/app-error';
import type { InputOf, ResultOf } from '../../../src-shared/contract/channels';
import type { ChannelName } from '../../../src-shared/contract/names';

/** A failed contract call, carrying the engine's code so the UI can explain it. */
export class CallError extends Error {
  constructor(readonly error: AppErrorShape) {
    super(error.message);
    this.name = 'CallError';
  }
}

export async function call<C extends ChannelName>(
  channel: C,
  input?: InputOf<C>,
): Promise<ResultOf<C>> {
  const method = window.api[channel] as (input?: InputOf<C>) => ReturnType<(typeof window.api)[C]>;
  const result = await method(input);
  if (!result.ok) throw new CallError(result.error);
  return result.value as ResultOf<C>;
}

/** Any failure as the engine's error shape, for showing in a sentence. */
export function describeError(error: unknown): AppErrorShape {
  if (error instanceof CallError) return error.error;
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
