import { MAX_WEIGHT_UNITS } from './synapticMatrix';

/**
 * The fixed-point format of a PE's weights: 16-bit unsigned magnitudes in units of 2^-k of the receptor's unit,
 * with k the largest power that still represents the largest weight onto the PE (as sPyNNaker picks its
 * ring-buffer shift). Powers of two keep every representable weight exact in float32.
 */
export function weightScaleBits(maxAbsWeight: number): number {
  if (!(maxAbsWeight > 0)) return 0;
  return Math.floor(Math.log2(MAX_WEIGHT_UNITS / maxAbsWeight));
}

/** A weight magnitude in units of 1/multiplier (multiplier = 2^bits), rounded to nearest; saturates at the 16-bit maximum. */
export function toWeightUnits(absWeight: number, multiplier: number): number {
  const u = Math.round(absWeight * multiplier);
  return u > MAX_WEIGHT_UNITS ? MAX_WEIGHT_UNITS : u;
}
