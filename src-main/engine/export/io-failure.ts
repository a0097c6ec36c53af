import { basename, dirname } from 'node:path';
import { AppError } from '../../../src-shared/contract/app-error';

// File-system failures of an export, said in one sentence a user can act on.

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The AppError for a failure writing `target` (the file the user chose). AppErrors pass
 * through; anything without an errno code is returned as is.
 */
export function describeIoFailure(error: unknown, target: string): unknown {
  if (error instanceof AppError) return error;
  const code = errnoCode(error);
  if (code === undefined) return error;
  const folder = dirname(target);
  const name = basename(target);
  const say = (errorCode: 'not_found' | 'io_failed', message: string) =>
    new AppError(errorCode, message, { cause: error });
  switch (code) {
    case 'ENOENT':
      return say('not_found', `The folder ${folder} no longer exists.`);
    case 'ENOTDIR':
      return say('not_found', `${folder} is not a folder, so ${name} cannot be saved there.`);
    case 'ENOSPC':
    case 'EDQUOT':
      return say('io_failed', `The disk is full: ${name} could not be written to ${folder}.`);
    case 'EACCES':
    case 'EPERM':
      return say('io_failed', `Permission denied: Session Desk may not write to ${folder}.`);
    case 'EROFS':
      return say('io_failed', `${folder} is on a read-only disk.`);
    case 'EISDIR':
      return say('io_failed', `${target} is a folder, not a file name.`);
    case 'ENAMETOOLONG':
      return say('io_failed', `The file name ${name} is too long for this disk.`);
    case 'EIO':
      return say('io_failed', `The disk failed while ${name} was being written to ${folder}.`);
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return say('io_failed', `Writing ${target} failed (${code}): ${reason}`);
    }
  }
}
