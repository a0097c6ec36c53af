import { existsSync } from 'node:fs';
import { readdir, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { SafeStorage } from 'electron';
import { z } from 'zod';
import { writeFileAtomically } from '../atomic-write-file';
import { checkAccountId, checkSecret, type SecretStore } from '../../engine/secrets/secret-store';

export type SafeStorageApi = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

const SecretsFileSchema = z.object({
  version: z.literal(1),
  /** account id → base64 of the safeStorage ciphertext. */
  secrets: z.record(z.string(), z.string()),
});
type SecretsFile = z.output<typeof SecretsFileSchema>;

/**
 * Why safeStorage cannot protect a token here, or null when it can. On Linux without a keyring
 * Chromium falls back to `basic_text`, a fixed key anyone can reverse: that is not encryption.
 */
export function safeStorageUnavailableReason(
  safeStorage: SafeStorageApi,
  platform: NodeJS.Platform,
): string | null {
  if (!safeStorage.isEncryptionAvailable())
    return 'this system offers no encryption to applications';
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') {
      return `this Linux session has no keyring (safeStorage backend ${backend})`;
    }
  }
  return null;
}

/**
 * Tokens in one JSON file in userData, each encrypted with safeStorage; rewritten whole through a
 * temporary file and a rename, one write at a time. A file that is not one (garbage, cut short)
 * is moved aside as `<name>.corrupt-<timestamp>` and a fresh one is started, so new keys can be
 * entered; lostTokens() says so, and the accounts then show without a key.
 */
export function createSafeStorageSecretStore(
  safeStorage: SafeStorageApi,
  file: string,
  caveat: string | null,
): SecretStore {
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  /** Where damaged files were moved in this run. */
  const movedAside: string[] = [];
  /** Accounts whose stored token no longer decrypts (the system's key changed, say). */
  const undecryptable = new Set<string>();

  const read = async (): Promise<SecretsFile> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
      throw new Error(
        `The API key file ${file} could not be read: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const parsed = SecretsFileSchema.safeParse(parseJson(text));
    if (parsed.success) return parsed.data;
    const movedTo = await moveAsideIfUnchanged(file, text, new Date());
    if (movedTo !== null) {
      movedAside.push(movedTo);
      return { version: 1, secrets: {} };
    }
    // Another process got there first: the keys are lost all the same (say where the file
    // went), and what is there now may be the fresh file it started.
    const elsewhere = await newestMovedAside(file);
    if (elsewhere !== null && !movedAside.includes(elsewhere)) movedAside.push(elsewhere);
    return read();
  };
  const write = (contents: SecretsFile) =>
    writeFileAtomically(file, `${JSON.stringify(contents)}\n`);

  return {
    kind: 'encrypted-file',
    caveat,
    get: (accountId) =>
      serially(async () => {
        const id = checkAccountId(accountId);
        const sealed = (await read()).secrets[id];
        if (sealed === undefined) return null;
        try {
          const token = safeStorage.decryptString(Buffer.from(sealed, 'base64'));
          undecryptable.delete(id);
          return token;
        } catch {
          // Not this store's to fix: the account shows without a key and the user enters it again.
          undecryptable.add(id);
          return null;
        }
      }),
    set: (accountId, secret) =>
      serially(async () => {
        const id = checkAccountId(accountId);
        const sealed = safeStorage.encryptString(checkSecret(secret)).toString('base64');
        const contents = await read();
        await write({ version: 1, secrets: { ...contents.secrets, [id]: sealed } });
        undecryptable.delete(id);
      }),
    delete: (accountId) =>
      serially(async () => {
        const id = checkAccountId(accountId);
        undecryptable.delete(id);
        const contents = await read();
        if (!(id in contents.secrets)) return false;
        const { [id]: _removed, ...rest } = contents.secrets;
        await write({ version: 1, secrets: rest });
        return true;
      }),
    lostTokens: () =>
      serially(async () => {
        await read();
        const sentences: string[] = [];
        if (movedAside.length > 0) {
          sentences.push(
            `The file that kept your API keys was damaged, so it was moved aside (${movedAside.join(', ')}) and a new one was started.`,
          );
        }
        if (undecryptable.size > 0) {
          sentences.push(
            `${undecryptable.size === 1 ? 'A stored API key' : `${undecryptable.size} stored API keys`} could not be decrypted (the system's encryption key may have changed).`,
          );
        }
        return sentences.length > 0 ? sentences.join(' ') : null;
      }),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Renames a damaged file to `<name>.corrupt-<timestamp>` (kept for a bug report) and returns
 * where it went; null when the file changed or went away since it was judged damaged (another
 * process moved it, and may have started a fresh one: that one is not to be moved).
 */
async function moveAsideIfUnchanged(
  path: string,
  judged: string,
  at: Date,
): Promise<string | null> {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  let target = `${path}.corrupt-${stamp}`;
  for (let n = 2; existsSync(target); n++) target = `${path}.corrupt-${stamp}-${n}`;
  try {
    if ((await readFile(path, 'utf8')) !== judged) return null;
    await rename(path, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return target;
}

async function newestMovedAside(path: string): Promise<string | null> {
  const prefix = `${basename(path)}.corrupt-`;
  const names = (await readdir(dirname(path)).catch(() => [] as string[]))
    .filter((name) => name.startsWith(prefix))
    .sort();
  const newest = names.at(-1);
  return newest === undefined ? null : join(dirname(path), newest);
}
