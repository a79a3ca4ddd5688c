/**
 * The s2sim side of the Brunel comparison. It needs @s2sim/snn to export a builder of the same network as
 * apps/bench/brian2/brunel.py (Brunel 2000 Fig. 8C, scalable). Until the SNN plugin exports one, this says so,
 * and the suite reports Brian2 alone with a 'not yet available' note rather than a number.
 */
export type S2simBrunel = { ok: true; name: string } | { ok: false; reason: string };

export async function s2simBrunelAvailability(): Promise<S2simBrunel> {
  let snn: Record<string, unknown>;
  try {
    // Imported here, not at the top: a broken plugin must not stop the Brian2 side from being measured.
    snn = (await import('@s2sim/snn')) as Record<string, unknown>;
  } catch (e) {
    return { ok: false, reason: `not available: @s2sim/snn does not import (${(e as Error).message.split('\n')[0]})` };
  }
  const builder = Object.keys(snn).find((k) => /^brunel/i.test(k));
  if (!builder) return { ok: false, reason: 'not yet available: @s2sim/snn exports no Brunel network builder yet, so s2sim is not measured and no ratio to Brian2 is reported' };
  return { ok: false, reason: `not yet available: @s2sim/snn exports '${builder}', but the bench is not wired to it yet` };
}
