import { workerData } from 'node:worker_threads';
import { expandConnector } from './connectors';
import type { ExpandTask } from './expandConnectors';
import { sendSets } from './expandConnectors';

/** Expands the projections it is given and posts their arrays back (transferred, not copied), then raises its flag. */
const task = workerData as ExpandTask;
sendSets(task, (i) => expandConnector(task.projections[i], task.pops[task.projections[i].pre], task.pops[task.projections[i].post], task.indices[i], task.seed, task.dtMs));
