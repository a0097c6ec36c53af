import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { describeZodError } from '../engine/contract/describe-zod-error';
import { EngineConfigSchema } from '../engine/service/engine-config';

export const DEFAULT_ACCOUNT = {
  id: 'default',
  name: 'OpenCX',
  baseUrl: 'https://api.open.cx',
} as const;

const AccountSchema = EngineConfigSchema.shape.account;
export type DesktopAccount = z.output<typeof AccountSchema>;

const SettingsFileSchema = z.object({ account: AccountSchema.optional() });

export interface DesktopSettings {
  account: DesktopAccount;
  /** Where this account's cache lives: <userData>/accounts/<id>. */
  dataDir: string;
  /** OPENCX_API_TOKEN, for demos and tests: kept in memory only, never written anywhere. */
  tokenFromEnvironment: string | null;
}

/**
 * The account the desktop app opens: <userData>/settings.json if present, else the defaults;
 * OPENCX_BASE_URL and OPENCX_API_TOKEN override both (the demo and the e2e suite point the app at
 * a fake OpenCX this way). A settings file that does not parse is an error naming the field.
 */
export async function readDesktopSettings(
  userData: string,
  env: NodeJS.ProcessEnv,
): Promise<DesktopSettings> {
  const file = join(userData, 'settings.json');
  let stored: z.output<typeof SettingsFileSchema> = {};
  let text: string | null = null;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    // No settings yet: the defaults apply.
  }
  if (text !== null) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${file} is not valid JSON.`);
    }
    const parsed = SettingsFileSchema.safeParse(json);
    if (!parsed.success) throw new Error(describeZodError(file, parsed.error));
    stored = parsed.data;
  }
  const candidate = {
    ...(stored.account ?? DEFAULT_ACCOUNT),
    ...(env.OPENCX_BASE_URL ? { baseUrl: env.OPENCX_BASE_URL } : {}),
  };
  const account = AccountSchema.safeParse(candidate);
  if (!account.success) throw new Error(describeZodError('the account settings', account.error));
  return {
    account: account.data,
    dataDir: join(userData, 'accounts', account.data.id),
    tokenFromEnvironment: env.OPENCX_API_TOKEN ? env.OPENCX_API_TOKEN : null,
  };
}
