const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The 32 payload bits that carry a float32 (as the M4F would write it into a packet). */
export function floatToPayload(value: number): number {
  f32[0] = value;
  return u32[0];
}

/** The float32 carried by a payload. */
export function payloadToFloat(payload: number): number {
  u32[0] = payload;
  return f32[0];
}
