import type { ChipCoord } from './machineSpec';
import { peName } from './peId';

export interface SramRegion {
  readonly name: string;
  readonly offset: number;
  readonly bytes: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Raised when a region does not fit: names the PE, every region already there and the bytes. */
export class SramOverflowError extends Error {
  constructor(
    readonly pe: string,
    readonly request: { name: string; bytes: number },
    readonly regions: readonly SramRegion[],
    readonly capacityBytes: number,
  ) {
    const used = regions.reduce((s, r) => s + r.bytes, 0);
    const list = regions.map((r) => `${r.name} ${fmt(r.bytes)}`).join(', ');
    super(
      `SRAM overflow on ${pe}: region '${request.name}' needs ${fmt(request.bytes)} bytes but only ` +
        `${fmt(capacityBytes - used)} of ${fmt(capacityBytes)} bytes are free (regions: ${list}). ` +
        `Hint: put fewer neurons (or a smaller tile) on each PE so the work spreads over more PEs.`,
    );
    this.name = 'SramOverflowError';
  }
}

/**
 * A PE's local SRAM: exactly `sramBytes` of shared memory (so worker threads see it and checkpoints copy it) and a
 * bump allocator of named regions that refuses to overflow. Regions are 8-byte aligned so that any typed-array
 * view (Float64 included) can sit on them.
 */
export class Sram {
  readonly buffer: SharedArrayBuffer;
  private readonly list: SramRegion[] = [];
  private top = 0;

  constructor(
    readonly chip: ChipCoord,
    readonly pe: number,
    readonly sramBytes: number,
    codeBytes: number,
  ) {
    this.buffer = new SharedArrayBuffer(sramBytes);
    if (codeBytes > 0) this.allocate('code', codeBytes);
  }

  get regions(): readonly SramRegion[] {
    return this.list;
  }

  get usedBytes(): number {
    return this.top;
  }

  get freeBytes(): number {
    return this.sramBytes - this.top;
  }

  allocate(name: string, bytes: number): SramRegion {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`region '${name}': size ${bytes} is not a byte count`);
    if (this.list.some((r) => r.name === name)) throw new Error(`${peName(this.chip, this.pe)}: region '${name}' exists already`);
    const offset = (this.top + 7) & ~7;
    if (offset + bytes > this.sramBytes) {
      throw new SramOverflowError(peName(this.chip, this.pe), { name, bytes }, this.list, this.sramBytes);
    }
    const region = { name, offset, bytes };
    this.list.push(region);
    this.top = offset + bytes;
    return region;
  }

  region(name: string): SramRegion {
    const r = this.list.find((x) => x.name === name);
    if (!r) throw new Error(`${peName(this.chip, this.pe)} has no SRAM region '${name}'`);
    return r;
  }

  /** Bytes of a region as a view on the shared buffer. */
  bytes(name: string): Uint8Array {
    const r = this.region(name);
    return new Uint8Array(this.buffer, r.offset, r.bytes);
  }
}
