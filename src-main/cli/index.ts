import { AppError } from '../../src-shared/contract/app-error';
import { UsageError } from './cli-error';
import { EXPORT_HELP, EXPORT_USAGE, runExport } from './export-command';
import { QUERY_USAGE, runQuery } from './query-command';
import { SYNC_USAGE, runSync } from './sync-command';

// `session-desk` (package.json bin, also `npm run cli --`): the engine headless, for automation
// and tests. Results are JSON on stdout; a failure is one line on stderr and a non-zero exit.
const USAGE = `usage:\n  ${SYNC_USAGE}\n  ${QUERY_USAGE}\n  ${EXPORT_USAGE}\n\n\`session-desk export --help\` explains each export option.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const controller = new AbortController();
  process.once('SIGINT', () => {
    interrupted = true;
    controller.abort();
  });
  switch (command) {
    case 'sync': {
      const progress = process.stderr.isTTY
        ? (line: string) => process.stderr.write(`\r\x1b[K${line}`)
        : null;
      const summary = await runSync(rest, {
        env: process.env,
        progress,
        warn: (line) =>
          process.stderr.write(`${progress ? '\r\x1b[K' : ''}session-desk: ${line}\n`),
        signal: controller.signal,
      });
      if (progress) process.stderr.write('\n');
      await write(process.stdout, `${JSON.stringify(summary)}\n`);
      return 0;
    }
    case 'query':
      await write(process.stdout, `${JSON.stringify(await runQuery(rest, Date.now()))}\n`);
      return 0;
    case 'export': {
      if (rest.includes('--help')) {
        await write(process.stdout, `${EXPORT_HELP}\n`);
        return 0;
      }
      const progress = process.stderr.isTTY
        ? (line: string) => process.stderr.write(`\r\x1b[K${line}`)
        : null;
      let progressShown = false;
      const summary = await runExport(rest, {
        stdout: process.stdout,
        progress: progress
          ? (line) => {
              progressShown = true;
              progress(line);
            }
          : null,
        warn: (line) =>
          process.stderr.write(`${progressShown ? '\r\x1b[K' : ''}session-desk: ${line}\n`),
        signal: controller.signal,
        now: Date.now(),
      }).finally(() => {
        if (progressShown) process.stderr.write('\r\x1b[K');
      });
      if (summary) await write(process.stdout, `${JSON.stringify(summary)}\n`);
      return 0;
    }
    case undefined:
    case '--help':
    case 'help':
      await write(process.stdout, `${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`Unknown command "${command}"; run \`session-desk help\` for usage.`);
  }
}

/** True once Ctrl-C asked the running command to stop. */
let interrupted = false;

/** True once stdout's reader has gone away (`| head`): what is left to print has no one to read it. */
let readerGone = false;

/**
 * Writes `text` and resolves once the stream has taken all of it. A pipe to a slow reader takes
 * it over time: ending the process before then (process.exit) would cut the output short.
 */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  if (readerGone && stream === process.stdout) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => {
      if (!error) resolve();
      else if (isReaderGone(error)) {
        readerGone = true;
        resolve();
      } else reject(new Error(`Could not write the output (${error.message}).`));
    });
  });
}

function isReaderGone(error: Error): boolean {
  const code = (error as Error & { code?: unknown }).code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

// A reader that stops reading early is not a failure of ours; any other error reaches the
// write callback above, and without a listener here would crash the process with a stack trace.
process.stdout.on('error', (error) => {
  if (isReaderGone(error)) readerGone = true;
});

// The exit code is set, never forced: the process ends once everything written has been taken.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    const usage = error instanceof UsageError || (error instanceof TypeError && 'code' in error);
    // One line, whatever the source: node's own argument errors span several.
    const message = (error instanceof Error ? error.message : String(error))
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .join(' ');
    // A reader that stopped reading (`export --out - | head`) is not a failure of ours either.
    if (readerGone && error instanceof AppError && error.code === 'cancelled') return;
    process.exitCode =
      usage || (error instanceof AppError && error.code === 'invalid_input')
        ? 2
        : error instanceof AppError && error.code === 'cancelled' && interrupted
          ? 130
          : 1;
    await write(process.stderr, `session-desk: ${message}\n`).catch(() => undefined);
  },
);
