import { isMainThread } from 'node:worker_threads';
import { defineProgram } from '../program';

/**
 * Programs for the fault tests, loaded by module name in worker threads. `test.exit` ends the thread it runs on
 * (as a crashing native addon or an out-of-memory kill would) at tick 5 on chip x = 7; on the main thread it only
 * counts. `test.throw` throws at tick 4 on chip (2,1).
 */
export const exitProgram = defineProgram({
  name: 'test.exit',
  attach: (sram) => new Uint32Array(sram.buffer, sram.region('n').offset, 1),
  timer(n, ctx) {
    n[0]++;
    if (!isMainThread && ctx.tick === 5 && ctx.chip.x === 7) process.exit(3);
  },
});

export const throwProgram = defineProgram({
  name: 'test.throw',
  attach: (sram) => new Uint32Array(sram.buffer, sram.region('n').offset, 1),
  timer(n, ctx) {
    n[0]++;
    if (ctx.tick === 4 && ctx.chip.x === 2 && ctx.chip.y === 1 && ctx.pe === 1) throw new Error('index out of range');
  },
});
