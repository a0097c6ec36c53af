// Where an OpenCX API key may be sent. One rule for every door an account's URL comes through
// (accounts.add / accounts.update on every transport, the engine's token reads, the CLI's
// --base-url): https anywhere, plain http only to this computer (the fake server, tests), because
// over plain http anyone on the path reads the key.

/** True for 127.0.0.0/8, ::1 and localhost: the hosts a request to which never leaves this computer. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  // The URL parser has already turned 2130706433, 0x7f.1 and the like into dotted decimal.
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return (
    octets !== null && octets.slice(1).every((part) => Number(part) <= 255) && octets[1] === '127'
  );
}

/**
 * Why an OpenCX base URL cannot be used, in a sentence; null when it can. Only http(s), no user
 * name or password in it, and plain http only for a loopback address.
 */
export function baseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${value} is not a URL; write it like https://api.open.cx.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `The base URL must start with https:// (it starts with ${url.protocol}//).`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'The base URL must not contain a user name or password; the API key is entered separately.';
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return `The base URL must use https:// for ${url.hostname}: over plain http:// the API key could be read on the way. Plain http:// is accepted only for this computer (localhost, 127.0.0.1, ::1).`;
  }
  return null;
}

/**
 * The form a base URL is stored and compared in: parsed and printed by the URL parser (lowercase
 * scheme and host, default port dropped), without a trailing slash.
 */
export function normalizeBaseUrl(value: string): string {
  let href: string;
  try {
    href = new URL(value).href;
  } catch {
    href = value;
  }
  return href.replace(/\/+$/, '');
}
