import type { Sram } from '@s2sim/hardware';

/** Typed-array views over named SRAM regions (the program's state lives in SRAM, never in JS objects). */
export const f32 = (sram: Sram, name: string) => {
  const r = sram.region(name);
  return new Float32Array(sram.buffer, r.offset, r.bytes / 4);
};
export const u32 = (sram: Sram, name: string) => {
  const r = sram.region(name);
  return new Uint32Array(sram.buffer, r.offset, r.bytes / 4);
};
export const i32 = (sram: Sram, name: string) => {
  const r = sram.region(name);
  return new Int32Array(sram.buffer, r.offset, r.bytes / 4);
};
