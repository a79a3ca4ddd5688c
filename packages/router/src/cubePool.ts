/**
 * The cubes a layered compression run produces, per class position, in pooled typed arrays (two runs side by side:
 * defaultable entries kept, and dropped). Also answers "is this leaf inside a cube of its position already?" with
 * a hash of (position, mask, key) probed once per distinct mask of the position, not a scan of its cubes.
 */
const RUNS = 2;
export const cubes = {
  key: new Int32Array(8192),
  mask: new Int32Array(8192),
  next: new Int32Array(8192),
  /** 1 while a cube is part of its run's result (removeRedundant clears it). */
  alive: new Uint8Array(8192),
  count: new Int32Array(RUNS),
  head: [new Int32Array(1024), new Int32Array(1024)],
  tail: [new Int32Array(1024), new Int32Array(1024)],
  /** posClass[run][p]: the class at position p. */
  posClass: [new Int32Array(1024), new Int32Array(1024)],
};

/** The class at each position of run r, top first. */
export function positionClasses(r: number): Int32Array {
  return cubes.posClass[r].subarray(0, positions[r]);
}
const positions = new Int32Array(RUNS);
let used = 0; // cubes used by both runs together
let run = 0;
/** The run that addCube() currently fills. */
export const currentRun = () => run;
// Distinct masks per position (linked lists) and the (position, mask, key) hash, for the current run only.
let maskHead = new Int32Array(1024);
let maskVal = new Int32Array(4096);
let maskNext = new Int32Array(4096);
let masksUsed = 0;
let cubePos = new Int32Array(8192);
let hash = new Int32Array(1 << 14);
let hashMask = (1 << 14) - 1;

function grow(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (a.length >= n) return a;
  const b = new Int32Array(Math.max(n, 2 * a.length));
  b.set(a);
  return b;
}

/** Grows the pools (rare: they start large enough for PACMAN's tables, so optimised code never meets this path). */
function growPools(r: number, count: number, need: number, leaves: number): void {
  cubes.head[r] = grow(cubes.head[r], count);
  cubes.tail[r] = grow(cubes.tail[r], count);
  cubes.posClass[r] = grow(cubes.posClass[r], count);
  maskHead = grow(maskHead, count);
  cubes.key = grow(cubes.key, need);
  cubes.mask = grow(cubes.mask, need);
  cubes.next = grow(cubes.next, need);
  cubePos = grow(cubePos, need);
  if (cubes.alive.length < need) cubes.alive = new Uint8Array(cubes.key.length);
  maskVal = grow(maskVal, leaves);
  maskNext = grow(maskNext, leaves);
}

/** Starts run r with `count` positions (classes) and room for up to `leaves` cubes. */
export function resetCubes(r: number, count: number, leaves: number, posToClass: Int32Array): void {
  run = r;
  if (r === 0) used = 0;
  cubes.count[r] = 0;
  positions[r] = count;
  const need = used + leaves;
  if (cubes.head[r].length < count || maskHead.length < count || cubes.key.length < need || maskVal.length < leaves)
    growPools(r, count, need, leaves);
  cubes.head[r].fill(-1, 0, count);
  cubes.posClass[r].set(posToClass.subarray(0, count));
  maskHead.fill(-1, 0, count);
  masksUsed = 0;
  let bits = 6;
  while (1 << bits < 2 * leaves) bits++;
  if (hash.length < 1 << bits) hash = new Int32Array(1 << bits);
  hashMask = (1 << bits) - 1;
  hash.fill(-1, 0, 1 << bits);
}

function slotOf(p: number, m: number, k: number): number {
  const h = Math.imul(k, 0x9e3779b1) ^ Math.imul(m, 0x85ebca6b) ^ Math.imul(p + 1, 0xc2b2ae35);
  return (h ^ (h >>> 16)) & hashMask;
}

function has(p: number, m: number, k: number): boolean {
  for (let s = slotOf(p, m, k); ; s = (s + 1) & hashMask) {
    const c = hash[s];
    if (c === -1) return false;
    if (cubes.key[c] === k && cubes.mask[c] === m && cubePos[c] === p) return true;
  }
}

/** Is the cube (key, mask) inside a cube already added at position p in this run? */
export function insideCube(p: number, key: number, mask: number): boolean {
  for (let i = maskHead[p]; i !== -1; i = maskNext[i]) {
    const gm = maskVal[i];
    if ((gm & ~mask) === 0 && has(p, gm, key & gm)) return true;
  }
  return false;
}

/** Appends cube (k, m) to position p of the current run (callers never add a cube twice). */
export function addCube(p: number, k: number, m: number): void {
  const c = used++;
  cubes.key[c] = k;
  cubes.mask[c] = m;
  cubes.next[c] = -1;
  cubes.alive[c] = 1;
  cubePos[c] = p;
  const head = cubes.head[run];
  const tail = cubes.tail[run];
  if (head[p] === -1) head[p] = c;
  else cubes.next[tail[p]] = c;
  tail[p] = c;
  cubes.count[run]++;
  let s = slotOf(p, m, k);
  while (hash[s] !== -1) s = (s + 1) & hashMask;
  hash[s] = c;
  let i = maskHead[p];
  while (i !== -1 && maskVal[i] !== m) i = maskNext[i];
  if (i === -1) {
    maskVal[masksUsed] = m;
    maskNext[masksUsed] = maskHead[p];
    maskHead[p] = masksUsed++;
  }
}
