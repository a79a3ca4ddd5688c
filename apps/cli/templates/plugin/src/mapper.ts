import type { MapContext, Mapping, PeImage } from '@s2sim/actors';
import type { __PASCAL__Model } from './model';

export interface __PASCAL__Report {
  pieces: Array<{ layer: string; chip: { x: number; y: number }; pe: number; key: number; mask: number }>;
}

/** PE i of the first chip beats with key i << 8; one router entry per source sends its beat to every PE. */
export function map__PASCAL__(model: __PASCAL__Model, ctx: MapContext): Mapping<__PASCAL__Report> {
  const chip = ctx.machine.chips[0];
  const all = Array.from({ length: model.pes }, (_, i) => i);
  const pieces = all.map((pe) => ({ layer: 'heartbeat', chip: { x: chip.x, y: chip.y }, pe, key: (pe << 8) >>> 0, mask: 0xffffff00 }));
  const pes: PeImage[] = pieces.map((p) => ({
    chip: p.chip, pe: p.pe, program: '__NAME__.heartbeat', label: `heartbeat[${p.pe}:${p.pe + 1}]`,
    regions: [{ name: 'config', data: Uint32Array.from([p.key, model.periodTicks]) }, { name: 'counters', bytes: 8 }],
  }));
  const entries = pieces.map((p) => ({ key: p.key, mask: p.mask, route: { pes: all } }));
  return { image: { pes, tables: [{ chip: { x: chip.x, y: chip.y }, entries }] }, report: { pieces } };
}
