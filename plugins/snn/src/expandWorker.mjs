// A plain-JS entry, as the runtime's partition worker: it registers tsx so that the TypeScript connector code loads
// in the worker thread as it does on the host.
import { register } from 'tsx/esm/api';

register();
await import('./expandWorker.ts');
