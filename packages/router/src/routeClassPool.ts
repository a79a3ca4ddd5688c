import { ROUTE_WORDS } from './route';
import type { MulticastTable } from './multicastTable';

/**
 * Groups a table's entries by route, into typed arrays reused from call to call (the compressor's cold path: no
 * string per entry, no Map): classOf[i] is entry i's class, routes holds each class's five route words, code is
 * scratch for the caller (one int per entry). Valid until the next call.
 */
export const classes = {
  classOf: new Int32Array(4096),
  code: new Int32Array(4096),
  routes: new Uint32Array(4096 * ROUTE_WORDS),
};
let slots = new Int32Array(8192);

/** Fills `classes` for `table`; returns the number of classes. */
export function routeClassesInto(table: MulticastTable): number {
  const n = table.size;
  if (classes.classOf.length < n) {
    const c = Math.max(n, 2 * classes.classOf.length);
    classes.classOf = new Int32Array(c);
    classes.code = new Int32Array(c);
    classes.routes = new Uint32Array(c * ROUTE_WORDS);
  }
  let bits = 4;
  while (1 << bits < 2 * n) bits++;
  if (slots.length < 1 << bits) slots = new Int32Array(1 << bits);
  const mask = (1 << bits) - 1;
  slots.fill(-1, 0, 1 << bits);
  const r = table.routes;
  const cr = classes.routes;
  const classOf = classes.classOf;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const at = i * ROUTE_WORDS;
    // Unrolled: ROUTE_WORDS is 5.
    let h = Math.imul(r[at] | 0, 0x9e3779b1) ^ Math.imul(r[at + 1] | 0, 0x85ebca6b) ^ Math.imul(r[at + 2] | 0, 0xc2b2ae35);
    h ^= Math.imul(r[at + 3] | 0, 0x27d4eb2f) ^ Math.imul(r[at + 4] | 0, 0x165667b1);
    h = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const c = slots[h];
      if (c === -1) {
        slots[h] = count;
        for (let w = 0; w < ROUTE_WORDS; w++) cr[count * ROUTE_WORDS + w] = r[at + w];
        classOf[i] = count++;
        break;
      }
      const ca = c * ROUTE_WORDS;
      if (cr[ca] === r[at] && cr[ca + 1] === r[at + 1] && cr[ca + 2] === r[at + 2] && cr[ca + 3] === r[at + 3] && cr[ca + 4] === r[at + 4]) {
        classOf[i] = c;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  return count;
}
