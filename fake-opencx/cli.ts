import { CliArgsError, parseCliArgs } from './cli-args';
import { startFakeOpencx } from './server';

// npx tsx fake-opencx/cli.ts --port P --seed S --sessions N --token T [--no-rate-limit] [--live RATE]
async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliArgsError) {
      process.stderr.write(`fake-opencx: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const fake = await startFakeOpencx(options);
  const count = fake.truth().sessions.length;
  process.stdout.write(
    `fake-opencx listening on ${fake.url} (${count} sessions, token ${fake.token})\n`,
  );
  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake-opencx: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
