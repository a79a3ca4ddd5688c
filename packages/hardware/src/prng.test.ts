import { describe, expect, it } from 'vitest';
import { Prng } from './prng';

// Reference xoshiro128** written with BigInt arithmetic, independent of the Math.imul implementation.
function referenceNext(s: bigint[]): bigint {
  const M = 0xffffffffn;
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M;
  const result = (rotl((s[1] * 5n) & M, 7n) * 9n) & M;
  const t = (s[1] << 9n) & M;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11n);
  return result;
}

describe('Prng', () => {
  it('matches a BigInt xoshiro128** reference', () => {
    const p = new Prng().seed(42, 7);
    const ref = Array.from(p.state, (x) => BigInt(x));
    for (let i = 0; i < 1000; i++) expect(p.nextUint32()).toBe(Number(referenceNext(ref)));
  });

  it('fillFloats draws the same stream as the BigInt reference, and leaves the state where nextUint32 goes on', () => {
    const p = new Prng().seed(9, 4);
    const ref = Array.from(p.state, (x) => BigInt(x));
    const out = new Float64Array(300);
    p.fillFloats(out, 257);
    for (let i = 0; i < 257; i++) expect(out[i]).toBe(Number(referenceNext(ref)) / 4294967296);
    expect(out[257]).toBe(0);
    for (let i = 0; i < 10; i++) expect(p.nextUint32()).toBe(Number(referenceNext(ref)));
  });

  it('forEachBelow visits what the plain nextFloat loop picks, skips without drawing, and lets visit draw too', () => {
    for (const [p, skip] of [[0.1, -1], [0.5, 7], [0.93, 0]] as const) {
      const a = new Prng().seed(11, 2), b = new Prng().seed(11, 2);
      const gotA: number[] = [], gotB: number[] = [];
      a.forEachBelow(p, 300, skip, (i) => gotA.push(i, a.nextUint32()));
      for (let i = 0; i < 300; i++) {
        if (i === skip) continue;
        if (b.nextFloat() < p) gotB.push(i, b.nextUint32());
      }
      expect(gotA.length).toBeGreaterThan(10);
      expect(gotA).toEqual(gotB);
      expect(Array.from(a.state)).toEqual(Array.from(b.state));
    }
  });

  it('gives different streams to different PEs and the same stream to the same seed', () => {
    const a = new Prng().seed(1, 0), b = new Prng().seed(1, 1), c = new Prng().seed(1, 0);
    const xs = [a.nextUint32(), a.nextUint32()];
    expect([c.nextUint32(), c.nextUint32()]).toEqual(xs);
    expect(b.nextUint32()).not.toBe(xs[0]);
  });

  it('is roughly uniform', () => {
    const p = new Prng().seed(3, 3);
    let sum = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) sum += p.nextFloat();
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005); // 5.5 standard errors
  });
});
