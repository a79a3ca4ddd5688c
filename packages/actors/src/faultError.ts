import type { PeFault } from './kernelEnv';

/** Raised when a handler throws and the run is set to stop: carries the fault report. */
export class PeFaultError extends Error {
  constructor(readonly fault: PeFault) {
    super(`${fault.pe} faulted in the ${fault.interrupt} handler of '${fault.program}' at tick ${fault.tick}: ${fault.cause}`);
    this.name = 'PeFaultError';
  }
}

/** Raised when a worker thread dies: the run is abandoned and the simulation refuses further use. */
export class WorkerFailedError extends Error {
  constructor(
    readonly partition: number,
    override readonly cause: unknown,
  ) {
    super(
      `worker thread of partition ${partition} failed: ${cause instanceof Error ? cause.message : String(cause)}. The run was ` +
        `abandoned and no results were produced; the simulation's state is not consistent and must not be used ` +
        `(restore a checkpoint or start again)`,
    );
    this.name = 'WorkerFailedError';
  }
}
