import { allocateKeys, checkKeyAllocation } from '@s2sim/router';
import type { PieceRef } from './buildNeuronImage';

/**
 * Low key bits that name the neuron within its piece: the PE programs' contract is key = keyBase | neuron with
 * neuron < 2048 (the delay extension reads the neuron as key & 0x7ff), so every piece's space is 2^11 keys.
 */
export const PIECE_KEY_BITS = 11;

/**
 * Keys through the router package's allocation (PACMAN's key allocator): each population, and each delay stage of
 * a population, is a key source whose slices are its pieces (or stage copies), each declared 2^11 atoms for the
 * contract above. A source's slices share one aligned space, so one router entry can cover a whole population
 * where its pieces route alike, and the allocator's checker proves that no two spaces overlap. Sets key and mask
 * of every space in place.
 */
export function allocateSpikeKeys(spaces: PieceRef[]): void {
  const groups = new Map<string, PieceRef[]>();
  for (const s of spaces) {
    let g = groups.get(s.population);
    if (!g) groups.set(s.population, (g = []));
    g.push(s);
  }
  const names = [...groups.keys()];
  const keys = allocateKeys(names.map((name) => ({ name, slices: groups.get(name)!.map(() => 2 ** PIECE_KEY_BITS) })));
  const problems = checkKeyAllocation(keys);
  if (problems.length) throw new Error(`snn key allocation is inconsistent (a bug): ${problems.join('; ')}`);
  names.forEach((name, i) =>
    groups.get(name)!.forEach((s, k) => {
      s.key = keys[i].slices[k].key;
      s.mask = keys[i].slices[k].mask;
    }),
  );
}
