// Test and development entry: loads engine-worker.ts through tsx inside the worker thread,
// because Node 20 does not carry --import loaders into workers.
import { tsImport } from 'tsx/esm/api';

await tsImport('./engine-worker.ts', import.meta.url);
