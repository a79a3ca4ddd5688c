import { MAX_PAYLOAD_WORDS, kindPayloadWords } from './packet';

/**
 * A batch of packets as parallel typed arrays (no object per packet): kind byte (see packet.ts), key field, port
 * (0-5: the link it arrived by or leaves by; 6 + p: local PE p, its sender or receiver), time in ns, and up to
 * four payload words. Batches grow by doubling and are reused across windows with clear().
 */
export class PacketBatch {
  kind: Uint8Array;
  key: Uint32Array;
  port: Int16Array;
  timeNs: Float64Array;
  payload: Uint32Array;
  count = 0;

  constructor(capacity = 256) {
    const c = Math.max(1, capacity);
    this.kind = new Uint8Array(c);
    this.key = new Uint32Array(c);
    this.port = new Int16Array(c);
    this.timeNs = new Float64Array(c);
    this.payload = new Uint32Array(c * MAX_PAYLOAD_WORDS);
  }

  get capacity(): number {
    return this.kind.length;
  }

  clear(): void {
    this.count = 0;
  }

  /** Makes room for `more` packets. */
  reserve(more: number): void {
    const need = this.count + more;
    if (need <= this.kind.length) return;
    let c = this.kind.length * 2;
    while (c < need) c *= 2;
    const grow = <T extends Uint8Array | Uint32Array | Int16Array | Float64Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.kind = grow(this.kind, c);
    this.key = grow(this.key, c);
    this.port = grow(this.port, c);
    this.timeNs = grow(this.timeNs, c);
    this.payload = grow(this.payload, c * MAX_PAYLOAD_WORDS);
  }

  /** Appends one packet; payload words beyond the kind's count are ignored. Returns its index. */
  push(kind: number, key: number, port: number, timeNs: number, payload?: ArrayLike<number>): number {
    if (this.count === this.kind.length) this.reserve(1);
    const i = this.count++;
    this.kind[i] = kind;
    this.key[i] = key >>> 0;
    this.port[i] = port;
    this.timeNs[i] = timeNs;
    const words = kindPayloadWords(kind);
    for (let w = 0; w < words; w++) this.payload[i * MAX_PAYLOAD_WORDS + w] = payload ? payload[w] >>> 0 : 0;
    return i;
  }

  /** Copies packet i of `from` to the end of this batch with a new port and time. */
  copyFrom(from: PacketBatch, i: number, port: number, timeNs: number): void {
    if (this.count === this.kind.length) this.reserve(1);
    const j = this.count++;
    this.kind[j] = from.kind[i];
    this.key[j] = from.key[i];
    this.port[j] = port;
    this.timeNs[j] = timeNs;
    if (from.kind[i] & 0x1c) this.payload.set(from.payload.subarray(i * MAX_PAYLOAD_WORDS, (i + 1) * MAX_PAYLOAD_WORDS), j * MAX_PAYLOAD_WORDS);
  }

  /** Packet i as a plain object, for tests and debugging (not for hot paths). */
  get(i: number): { kind: number; key: number; port: number; timeNs: number; payload: number[] } {
    const w = kindPayloadWords(this.kind[i]);
    return {
      kind: this.kind[i],
      key: this.key[i],
      port: this.port[i],
      timeNs: this.timeNs[i],
      payload: Array.from(this.payload.subarray(i * MAX_PAYLOAD_WORDS, i * MAX_PAYLOAD_WORDS + w)),
    };
  }
}
