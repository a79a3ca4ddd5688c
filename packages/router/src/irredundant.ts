import { cubes } from './cubePool';

/**
 * Removes redundant cubes from one layered run: a cube of position p whose leaves of that position each lie wholly
 * inside another live cube of p adds nothing. Cubes of one position share a route, so which of them matches
 * first does not matter; keys of positions above p match earlier cubes anyway; and the only other keys a cube of p
 * may hold (never-arriving keys, defaultable keys of its own class) may as well match nothing. Greedy growth leaves
 * such cubes behind when a later leaf grows into a cube that swallows earlier ones.
 *
 * Leaves are recorded by the compressor with recordLeaf (position, key, mask over the trie bits). The check is
 * quadratic per position (cubes^2 x leaves), so positions past WORK_LIMIT (about 10 ms of work) are left as they are.
 */
const WORK_LIMIT = 5_000_000;
let leafKey = new Int32Array(1 << 15);
let leafMask = new Int32Array(1 << 15);
let leafNext = new Int32Array(1 << 15);
let leafHead = new Int32Array(1024);
let leafCount = new Int32Array(1024);
let leaves = 0;

/** Starts recording the leaves of a run with `positions` positions and at most `maxLeaves` leaves. */
export function resetLeaves(positions: number, maxLeaves: number): void {
  if (leafKey.length < maxLeaves) {
    leafKey = new Int32Array(maxLeaves);
    leafMask = new Int32Array(maxLeaves);
    leafNext = new Int32Array(maxLeaves);
  }
  if (leafHead.length < positions) {
    leafHead = new Int32Array(positions);
    leafCount = new Int32Array(positions);
  }
  leafHead.fill(-1, 0, positions);
  leafCount.fill(0, 0, positions);
  leaves = 0;
}

export function recordLeaf(p: number, key: number, mask: number): void {
  const i = leaves++;
  leafKey[i] = key;
  leafMask[i] = mask;
  leafNext[i] = leafHead[p];
  leafHead[p] = i;
  leafCount[p]++;
}

/** Clears `alive` of redundant cubes of run r; returns how many cubes remain. */
export function removeRedundant(r: number, positions: number): number {
  const { key, mask, next, alive } = cubes;
  let count = cubes.count[r];
  for (let p = 0; p < positions; p++) {
    const head = cubes.head[r][p];
    if (head === -1 || next[head] === -1) continue; // fewer than two cubes
    let nCubes = 0;
    for (let c = head; c !== -1; c = next[c]) nCubes++;
    if (nCubes * nCubes * leafCount[p] > WORK_LIMIT) continue;
    for (let x = head; x !== -1; x = next[x]) {
      let redundant = true;
      for (let l = leafHead[p]; l !== -1 && redundant; l = leafNext[l]) {
        const lk = leafKey[l];
        const lm = leafMask[l];
        if (((lk ^ key[x]) & lm & mask[x]) !== 0) continue; // disjoint from x
        let covered = false;
        for (let y = head; y !== -1; y = next[y])
          if (y !== x && alive[y] === 1 && (mask[y] & ~lm) === 0 && (lk & mask[y]) === key[y]) {
            covered = true;
            break;
          }
        redundant = covered;
      }
      if (redundant) {
        alive[x] = 0;
        count--;
      }
    }
  }
  return count;
}
