/**
 * Key allocation: each source (a population, a layer) gets one aligned key space; inside it each slice (the part
 * mapped on one PE) gets an aligned sub-space, and atom a of slice s sends key = slices[s].key + a. Because every
 * space is a power of two aligned to its size, a single (key, mask) entry covers a whole source when all its slices
 * go the same way, or one slice when they do not, and two spaces either nest or are disjoint. Sources are placed
 * largest first, so alignment leaves no gaps.
 */
export interface KeySource {
  name: string;
  /** Atoms (neurons, channels) of each slice; a source that is not split has one slice. */
  slices: readonly number[];
}

export interface KeySpace {
  key: number;
  mask: number;
}

export interface SourceKeys {
  name: string;
  space: KeySpace;
  slices: KeySpace[];
  /** Low key bits that number atoms inside a slice, and the bits above them that number slices. */
  atomBits: number;
  sliceBits: number;
}

const bitsFor = (n: number) => (n <= 1 ? 0 : 32 - Math.clz32(n - 1));
const maskOf = (bits: number) => (bits >= 32 ? 0 : (~((1 << bits) - 1)) >>> 0);

export function allocateKeys(sources: readonly KeySource[], options: { firstKey?: number; keyBits?: number } = {}): SourceKeys[] {
  const keyBits = options.keyBits ?? 32;
  const shapes = sources.map((s, i) => {
    if (s.slices.length === 0 || s.slices.some((a) => !Number.isInteger(a) || a < 1))
      throw new RangeError(`key source "${s.name}" needs at least one slice of at least one atom`);
    const atomBits = bitsFor(Math.max(...s.slices));
    const sliceBits = bitsFor(s.slices.length);
    return { i, atomBits, sliceBits, bits: atomBits + sliceBits };
  });
  const order = [...shapes].sort((a, b) => b.bits - a.bits || a.i - b.i);
  let next = options.firstKey ?? 0;
  const out: SourceKeys[] = new Array(sources.length);
  for (const sh of order) {
    const size = 2 ** sh.bits;
    next = Math.ceil(next / size) * size;
    if (sh.bits > keyBits || next + size > 2 ** keyBits) {
      const need = shapes.reduce((s, x) => s + 2 ** x.bits, 0);
      throw new RangeError(
        `key space exhausted at source "${sources[sh.i].name}": the sources need ${need} keys (each rounded up to a ` +
          `power of two) but ${keyBits} key bits hold ${2 ** keyBits}. Hint: use fewer, larger slices or more key bits.`,
      );
    }
    const slices = sources[sh.i].slices.map((_, s) => ({ key: (next + s * 2 ** sh.atomBits) >>> 0, mask: maskOf(sh.atomBits) }));
    out[sh.i] = { name: sources[sh.i].name, space: { key: next >>> 0, mask: maskOf(sh.bits) }, slices, atomBits: sh.atomBits, sliceBits: sh.sliceBits };
    next += size;
  }
  return out;
}

/** The key atom `atom` of slice `slice` sends. */
export function keyOf(keys: SourceKeys, slice: number, atom: number): number {
  const s = keys.slices[slice];
  if (!s || atom < 0 || atom >= 2 ** keys.atomBits) throw new RangeError(`no key for slice ${slice}, atom ${atom} of "${keys.name}"`);
  return (s.key + atom) >>> 0;
}

/** Checks that no two sources' spaces share a key and every slice lies inside its source's space. */
export function checkKeyAllocation(all: readonly SourceKeys[]): string[] {
  const problems: string[] = [];
  const spaces = all.map((a) => ({ name: a.name, lo: a.space.key, hi: a.space.key + ((~a.space.mask >>> 0) + 1) }));
  spaces.sort((a, b) => a.lo - b.lo);
  for (let i = 1; i < spaces.length; i++)
    if (spaces[i].lo < spaces[i - 1].hi) problems.push(`"${spaces[i - 1].name}" and "${spaces[i].name}" share keys`);
  for (const a of all)
    for (const s of a.slices)
      if (((s.key & a.space.mask) >>> 0) !== a.space.key || ((s.mask & a.space.mask) >>> 0) !== a.space.mask)
        problems.push(`a slice of "${a.name}" lies outside its space`);
  return problems;
}
