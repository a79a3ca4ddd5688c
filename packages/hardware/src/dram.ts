import type { ChipCoord } from './machineSpec';

const fmt = (n: number) => n.toLocaleString('en-US');

/** Raised when a chip's DRAM regions would exceed its capacity: names the chip, the regions and the bytes. */
export class DramOverflowError extends Error {
  constructor(
    readonly chip: string,
    readonly request: { name: string; bytes: number },
    readonly usedBytes: number,
    readonly capacityBytes: number,
  ) {
    super(
      `DRAM overflow on ${chip}: region '${request.name}' needs ${fmt(request.bytes)} bytes but only ` +
        `${fmt(capacityBytes - usedBytes)} of ${fmt(capacityBytes)} bytes are free. Hint: stream the data in from ` +
        `the host between runs, spread it over more chips, or raise the machine's chip.dramBytes if you model other hardware.`,
    );
    this.name = 'DramOverflowError';
  }
}

export interface DramRegion {
  readonly name: string;
  readonly bytes: number;
  /** Shared memory of exactly the region's size, so worker threads see it and checkpoints copy it. */
  readonly buffer: SharedArrayBuffer;
}

/**
 * A chip's DRAM, allocated lazily: only the regions that programs use take host memory (a chip has 2 GB, a board
 * 96 GB, so allocating it whole is not an option). Each region is its own SharedArrayBuffer; the capacity check is
 * against the chip's full size.
 */
export class Dram {
  private readonly list: DramRegion[] = [];
  private used = 0;

  constructor(
    readonly chip: ChipCoord,
    readonly capacityBytes: number,
  ) {}

  get usedBytes(): number {
    return this.used;
  }

  get regions(): readonly DramRegion[] {
    return this.list;
  }

  allocate(name: string, bytes: number): DramRegion {
    const chip = `chip(${this.chip.x},${this.chip.y})`;
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`DRAM region '${name}' on ${chip}: size ${bytes} is not a byte count`);
    if (this.list.some((r) => r.name === name)) throw new Error(`DRAM region '${name}' exists already on ${chip}`);
    const rounded = (bytes + 7) & ~7; // 8-byte aligned like SRAM regions, so Float64 views fit
    if (this.used + rounded > this.capacityBytes) throw new DramOverflowError(chip, { name, bytes }, this.used, this.capacityBytes);
    const region = { name, bytes, buffer: new SharedArrayBuffer(rounded) };
    this.list.push(region);
    this.used += rounded;
    return region;
  }

  /** Adopts an existing buffer (a worker re-opening a region the main thread allocated). */
  adopt(name: string, buffer: SharedArrayBuffer, bytes = buffer.byteLength): DramRegion {
    const region = { name, bytes, buffer };
    this.list.push(region);
    this.used += buffer.byteLength;
    return region;
  }

  region(name: string): DramRegion {
    const r = this.list.find((x) => x.name === name);
    if (!r) throw new Error(`chip(${this.chip.x},${this.chip.y}) has no DRAM region '${name}' (regions: ${this.list.map((x) => x.name).join(', ') || 'none'})`);
    return r;
  }

  bytes(name: string): Uint8Array {
    const r = this.region(name);
    return new Uint8Array(r.buffer, 0, r.bytes);
  }
}
