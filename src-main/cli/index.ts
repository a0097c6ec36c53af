import { AppError } from '../../src-shared/contract/app-error';
import { UsageError } from './cli-error';
import { QUERY_USAGE, runQuery } from './query-command';
import { SYNC_USAGE, runSync } from './sync-command';

// `session-desk` (package.json bin, also `npm run cli --`): the engine headless, for automation
// and tests. Results are JSON on stdout; a failure is one line on stderr and a non-zero exit.
const USAGE = `usage:\n  ${SYNC_USAGE}\n  ${QUERY_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  switch (command) {
    case 'sync': {
      const progress = process.stderr.isTTY
        ? (line: string) => process.stderr.write(`\r\x1b[K${line}`)
        : null;
      const summary = await runSync(rest, {
        env: process.env,
        progress,
        signal: controller.signal,
      });
      if (progress) process.stderr.write('\n');
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return 0;
    }
    case 'query':
      process.stdout.write(`${JSON.stringify(runQuery(rest, Date.now()))}\n`);
      return 0;
    case undefined:
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`Unknown command "${command}"; run \`session-desk help\` for usage.`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage = error instanceof UsageError || (error instanceof TypeError && 'code' in error);
    // One line, whatever the source: node's own argument errors span several.
    const message = (error instanceof Error ? error.message : String(error))
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .join(' ');
    process.stderr.write(`session-desk: ${message}\n`);
    process.exit(usage || (error instanceof AppError && error.code === 'invalid_input') ? 2 : 1);
  },
);
