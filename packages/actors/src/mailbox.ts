/**
 * A PE's queue of received packets: a ring of keys and payloads in typed arrays. A full mailbox drops the packet
 * and counts it, as a PE's input buffer does when packets arrive faster than it can handle them.
 */
export class Mailbox {
  readonly keys: Uint32Array;
  readonly payloads: Uint32Array;
  private head = 0;
  private count = 0;
  overflows = 0;

  constructor(readonly capacity: number) {
    this.keys = new Uint32Array(capacity);
    this.payloads = new Uint32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(key: number, payload: number): boolean {
    if (this.count === this.capacity) {
      this.overflows++;
      return false;
    }
    const i = (this.head + this.count) % this.capacity;
    this.keys[i] = key;
    this.payloads[i] = payload;
    this.count++;
    return true;
  }

  /** Index of the oldest packet, removing it; call only when size > 0. */
  shift(): number {
    const i = this.head;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return i;
  }
}
