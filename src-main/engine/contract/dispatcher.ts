import type { z } from 'zod';
import { AppError, type CallResult } from '../../../src-shared/contract/app-error';
import { contract, type ParsedInputOf, type ResultOf } from '../../../src-shared/contract/channels';
import { inputLimitRefusal } from '../../../src-shared/contract/input-limits';
import { isChannelName, type ChannelName } from '../../../src-shared/contract/names';
import type { ExportDestination } from '../export/export-jobs';
import { describeZodError } from './describe-zod-error';

/**
 * What a host hands a call beside its input, never taken from the page: where an export's bytes
 * go (the desktop app's save dialog, the web host's download, the CLI's --out).
 */
export interface CallContext {
  exportTo?: ExportDestination;
}

/** What the engine offers for each channel, given input the contract has already validated. */
export type ContractHandlers = {
  [C in ChannelName]: (input: ParsedInputOf<C>, context: CallContext) => Promise<ResultOf<C>>;
};

export type Dispatch = (
  channel: unknown,
  input: unknown,
  context?: CallContext,
) => Promise<CallResult<unknown>>;

/**
 * The one validating dispatcher that ipcMain, the web host and the CLI all call through: an
 * unknown channel or an input that breaks the channel's schema is refused with a sentence, and
 * every failure comes back as a CallResult so no transport has to serialise thrown errors.
 */
export function createDispatcher(handlers: ContractHandlers): Dispatch {
  return async (channel, input, context = {}) => {
    if (!isChannelName(channel)) {
      return failure(
        new AppError('unknown_channel', `There is no channel named ${String(channel)}.`),
      );
    }
    // Before zod walks it: an input nested thousands deep would overflow the stack there.
    const tooLarge = inputLimitRefusal(channel, input);
    if (tooLarge) return { ok: false, error: tooLarge };
    const schema: z.ZodType = contract[channel].input;
    const parsed = schema.safeParse(input ?? undefined);
    if (!parsed.success) {
      return failure(new AppError('invalid_input', describeZodError(channel, parsed.error)));
    }
    try {
      const handler = handlers[channel] as (
        value: unknown,
        context: CallContext,
      ) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data, context) };
    } catch (error) {
      return failure(toAppError(error));
    }
  };
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('internal', `Something went wrong inside Session Desk: ${message}`, {
    cause: error,
  });
}

function failure(error: AppError): CallResult<never> {
  return { ok: false, error: error.toJSON() };
}
