import { readFile } from 'node:fs/promises';
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
 * temporary file and a rename, one write at a time.
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

  const read = async (): Promise<SecretsFile> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return { version: 1, secrets: {} };
    }
    const parsed = SecretsFileSchema.safeParse(JSON.parse(text) as unknown);
    if (!parsed.success) throw new Error(`${file} is not a Session Desk secrets file.`);
    return parsed.data;
  };
  const write = (contents: SecretsFile) =>
    writeFileAtomically(file, `${JSON.stringify(contents)}\n`);

  return {
    kind: 'encrypted-file',
    caveat,
    get: (accountId) =>
      serially(async () => {
        const sealed = (await read()).secrets[checkAccountId(accountId)];
        return sealed === undefined
          ? null
          : safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      }),
    set: (accountId, secret) =>
      serially(async () => {
        const id = checkAccountId(accountId);
        const sealed = safeStorage.encryptString(checkSecret(secret)).toString('base64');
        const contents = await read();
        await write({ version: 1, secrets: { ...contents.secrets, [id]: sealed } });
      }),
    delete: (accountId) =>
      serially(async () => {
        const id = checkAccountId(accountId);
        const contents = await read();
        if (!(id in contents.secrets)) return false;
        const { [id]: _removed, ...rest } = contents.secrets;
        await write({ version: 1, secrets: rest });
        return true;
      }),
  };
}
