import type { AppErrorShape } from '../../../src-shared/contract/app-error';
import type { SecretStorage } from '../../../src-shared/contract/results';

// Every error the page shows is a sentence an agent understands, with what to do next. The
// engine's own message is kept where it already is one (it names the file, the account, the
// field); where it carries transport detail (ECONNREFUSED, HTTP lines) the code decides the words.

/** Marks a failure of the page's own connection to Session Desk's host (web host gone). */
export const HOST_GONE_PREFIX = "Session Desk's local host";

const SENTENCES: Partial<Record<AppErrorShape['code'], string>> = {
  offline:
    'Could not reach OpenCX. Check the internet connection; Session Desk keeps working from the cache and syncs again as soon as OpenCX answers.',
  auth_rejected:
    'OpenCX rejected the API key. Edit the account and enter a current key (OpenCX › Settings › API keys).',
  auth_forbidden:
    'The API key may not read chat sessions. Ask an OpenCX admin for a key with the chat-sessions:read permission, then edit the account.',
  no_token: 'This account has no API key on this computer. Edit the account and enter its key.',
  rate_limited:
    'OpenCX is limiting how fast Session Desk may ask. Nothing is lost: sync carries on by itself in a minute.',
  server_error:
    'OpenCX had a problem on its side. Nothing is lost: try Sync now again in a few minutes.',
  bad_response:
    'OpenCX sent an answer Session Desk could not read. Try again later; if it keeps happening, check the account’s base URL.',
  cancelled: 'Stopped, as asked. What was fetched so far is kept.',
};

/** The sentence to show for an error. */
export function explainError(error: AppErrorShape): string {
  if (error.code === 'internal' && error.message.startsWith(HOST_GONE_PREFIX)) {
    return hostGoneSentence();
  }
  return SENTENCES[error.code] ?? error.message;
}

export function hostGoneSentence(): string {
  return 'Session Desk’s background process is not answering, so nothing can load or sync. Start Session Desk again (for the demo: npm run demo), then reload this page.';
}

/** Where the API key went, in words: never the keychain library's own error text. */
export function describeSecretStorage(storage: SecretStorage): string | null {
  switch (storage.kind) {
    case 'keychain':
      return null;
    case 'encrypted-file':
      return 'The system keychain is not available, so your API key is kept in a file encrypted for your user account (secrets.json in the Session Desk data folder).';
    case 'memory':
      return 'The system keychain is not available, so your API key is kept in memory only: enter it again after Session Desk restarts.';
  }
}
