/** A mistake in how the CLI was called: one line on stderr, exit 2, nothing written. */
export class UsageError extends Error {
  override name = 'UsageError';
}
