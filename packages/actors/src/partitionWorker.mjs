// Piscina loads this plain-JS file; it registers tsx so that the TypeScript kernel (and the plugins' programs,
// imported by module name) load in the worker thread as they do on the host.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./partitionWorker.ts');
export default mod.default;
