/**
 * The PE's pseudo-random number generator, modelled as xoshiro128** over four 32-bit words. The state is a
 * Uint32Array so it can live in SRAM (and be checkpointed with it); every PE seeds its own stream from the run's
 * seed and its place in the machine, so results never depend on which thread runs the PE.
 */
export class Prng {
  constructor(readonly state: Uint32Array = new Uint32Array(4)) {}

  /** Seeds the state with splitmix32 from a run seed and a stream number (e.g. a global PE index). */
  seed(seed: number, stream: number): this {
    let x = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream >>> 0, 0x85ebca6b)) >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.state[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if ((this.state[0] | this.state[1] | this.state[2] | this.state[3]) === 0) this.state[0] = 1;
    return this;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.state;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A uniform float in [0, 1) with 32 bits of resolution. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * Fills out[0..n) with nextFloat() values: the same stream, with the state held in locals for the batch (a
   * neuron PE draws one number per neuron per tick; 7 ns a number less than nextFloat in a loop).
   */
  fillFloats(out: Float64Array, n: number): void {
    const s = this.state;
    let s0 = s[0] | 0, s1 = s[1] | 0, s2 = s[2] | 0, s3 = s[3] | 0;
    for (let i = 0; i < n; i++) {
      const m = Math.imul(s1, 5);
      out[i] = (Math.imul((m << 7) | (m >>> 25), 9) >>> 0) / 4294967296;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
  }

  /**
   * One draw per index i in [0, n) except `skip` (no draw there), calling visit(i) for each draw whose
   * nextFloat() would be below p: the stream of `for (i) if (nextFloat() < p) visit(i)`, with the state in locals
   * between hits (visit may draw from this generator too). A fixed-probability connector draws billions of pairs.
   */
  forEachBelow(p: number, n: number, skip: number, visit: (i: number) => void): void {
    const s = this.state;
    const threshold = p * 4294967296; // u / 2^32 < p  <=>  u < p * 2^32, exact in doubles
    let s0 = s[0] | 0, s1 = s[1] | 0, s2 = s[2] | 0, s3 = s[3] | 0;
    for (let i = 0; i < n; i++) {
      if (i === skip) continue;
      const m = Math.imul(s1, 5);
      const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      if (r < threshold) {
        s[0] = s0, s[1] = s1, s[2] = s2, s[3] = s3;
        visit(i);
        s0 = s[0] | 0, s1 = s[1] | 0, s2 = s[2] | 0, s3 = s[3] | 0;
      }
    }
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
