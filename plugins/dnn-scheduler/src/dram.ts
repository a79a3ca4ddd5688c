/**
 * The chip's DRAM, allocated lazily: named buffers that the host writes before the run (weights, the input) and
 * that layers write their outputs to. Capacity is enforced. Timing is the DramPort's job.
 */
export class Dram {
  private readonly buffers = new Map<string, Int8Array>();
  usedBytes = 0;

  constructor(readonly capacityBytes: number) {}

  allocate(name: string, bytes: number): Int8Array {
    if (this.buffers.has(name)) return this.buffers.get(name)!;
    if (this.usedBytes + bytes > this.capacityBytes) {
      throw new RangeError(`DRAM overflow: '${name}' needs ${bytes.toLocaleString('en-US')} bytes, ${(this.capacityBytes - this.usedBytes).toLocaleString('en-US')} of ${this.capacityBytes.toLocaleString('en-US')} are free`);
    }
    const b = new Int8Array(bytes);
    this.buffers.set(name, b);
    this.usedBytes += bytes;
    return b;
  }

  /** The host writes data (not timed: it happens before the run starts). */
  write(name: string, data: ArrayBufferView): Int8Array {
    const b = this.allocate(name, data.byteLength);
    b.set(new Int8Array(data.buffer, data.byteOffset, data.byteLength));
    return b;
  }

  get(name: string): Int8Array {
    const b = this.buffers.get(name);
    if (!b) throw new Error(`DRAM has no buffer '${name}'`);
    return b;
  }

  /** A buffer as int16 elements (int16 networks; buffers start at offset 0 of their own ArrayBuffer). */
  get16(name: string): Int16Array {
    const b = this.get(name);
    return new Int16Array(b.buffer, b.byteOffset, b.byteLength >> 1);
  }
}

/**
 * Timing of DRAM transfers: one shared port served first come, first served at `bytesPerNs` (all PEs compete for
 * it), and no faster than the requesting PE's own DMA rate. Requests must come in time order (the event queue
 * guarantees it), so the port never serves a later request before an earlier one.
 */
export class DramPort {
  private freeAtNs = 0;
  bytesRead = 0;
  bytesWritten = 0;
  busyNs = 0;

  constructor(readonly bytesPerNs: number) {}

  /** Completion time of a transfer of `bytes` asked for at `nowNs` by a PE whose DMA moves `peBytesPerNs`. */
  transfer(nowNs: number, bytes: number, peBytesPerNs: number, write: boolean): number {
    if (write) this.bytesWritten += bytes; else this.bytesRead += bytes;
    if (bytes === 0) return nowNs;
    const start = Math.max(nowNs, this.freeAtNs);
    const service = bytes / this.bytesPerNs;
    this.freeAtNs = start + service;
    this.busyNs += service;
    return Math.max(this.freeAtNs, nowNs + bytes / peBytesPerNs);
  }
}
