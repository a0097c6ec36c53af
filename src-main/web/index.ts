import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventSink } from '../../src-shared/contract/events';
import { engineCrashMessage } from '../engine/worker/engine-crash-message';
import { EngineHost } from '../engine/worker/engine-host';
import { parseWebHostArgs } from './web-host-args';
import { startWebHost } from './web-host';

// `npm run start:web`: the same engine and contract as the desktop app, served on 127.0.0.1.
async function main(): Promise<void> {
  const args = parseWebHostArgs(process.argv.slice(2), process.env);
  const here = dirname(fileURLToPath(import.meta.url));
  let publish: EventSink = () => undefined;
  const engine = new EngineHost({
    config: args.engine,
    secrets: args.secrets,
    workerPath: join(here, 'engine-worker.js'),
    onEvent: (name, payload) => publish(name, payload),
    onCrash: (error, restarting) => {
      const message = engineCrashMessage(error, restarting);
      console.error(`session-desk: ${message}`);
      publish('engine.crashed', { message });
    },
  });
  const host = await startWebHost({
    dispatch: engine.dispatch,
    rendererDir: join(here, '../renderer'),
    port: args.port,
  });
  publish = host.publish;
  console.log(`Session Desk (web host) at ${host.url}`);
  const stop = () =>
    void Promise.all([host.close(), engine.close()]).finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`session-desk: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
