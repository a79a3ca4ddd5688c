/**
 * The exp / ln accelerator of the SpiNNaker2 PE [P17, H22]. It computes in fixed point; we model its format as
 * s16.15 (32-bit words, 15 fractional bits — assumption: P17 gives the method, not this PE's exact format), so
 * inputs and results are quantised to 2^-15 and results saturate at the largest s16.15 value. Each call costs
 * `expLogCycles` (cost model, assumption 8).
 */
export const EXP_LOG_FRACTION_BITS = 15;
const ONE = 2 ** EXP_LOG_FRACTION_BITS;
/** Largest s16.15 value. */
export const EXP_LOG_MAX = (2 ** 31 - 1) / ONE;
export const EXP_LOG_MIN = -(2 ** 31) / ONE;

/** Rounds to the nearest s16.15 value (ties away from zero) and saturates. */
export function toS1615(x: number): number {
  if (Number.isNaN(x)) return 0;
  const q = Math.sign(x) * Math.round(Math.abs(x) * ONE);
  return Math.min(2 ** 31 - 1, Math.max(-(2 ** 31), q)) / ONE;
}

/** exp(x) as the accelerator returns it: quantised input, quantised and saturated output. */
export function acceleratorExp(x: number): number {
  return toS1615(Math.exp(toS1615(x)));
}

/** ln(x) as the accelerator returns it; x <= 0 returns the most negative value (the unit has no NaN). */
export function acceleratorLn(x: number): number {
  const q = toS1615(x);
  if (q <= 0) return EXP_LOG_MIN;
  return toS1615(Math.log(q));
}
