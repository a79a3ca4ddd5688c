import * as router from '@s2sim/router';
import { MulticastTable, type RouteSpec } from '@s2sim/router';
import { peName, qpeLabel, type MachineSpec } from '@s2sim/hardware';
import type { Mapping } from '@s2sim/actors';

export interface PeUse {
  pe: string;
  qpe: string;
  program: string;
  label: string;
  /** SRAM in use after loading, code included, as the PE's allocator lays it out. */
  sramBytes: number;
  /** Of the PE's whole SRAM. */
  sramPercent: number;
  /** From the plugin's report when it predicts it (a piece with `predictedCyclesPerTick`). */
  predictedCyclesPerTick?: number;
}

export interface TableUse {
  chip: string;
  entries: number;
  /** After the router package's compressor, when it exports one. */
  compressedEntries?: number;
  capacity: number;
  routes: Array<{ key: string; mask: string; route: string }>;
}

/** What `s2sim map` prints: the plugin-independent view of a mapping, plus the plugin's own report. */
export interface MappingReport {
  machine: string;
  pesUsed: number;
  pesAvailable: number;
  sramBytesPerPe: number;
  groups: Array<{ name: string; pieces: number; pes: string[] }>;
  pes: PeUse[];
  keys: Array<{ label: string; key: string; mask: string }>;
  tables: TableUse[];
  compressor?: string;
  cyclesPerTickBudget: number;
  budgetLevel: string;
  overBudget: string[];
  plugin: unknown;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const routeText = (r: RouteSpec) => [...(r.links ?? []).map((l) => router.LINK_NAMES[l]), ...(r.pes ?? []).map((p) => `pe${p}`)].join(' ') || '(drop)';

interface SplitLike { population?: string; layer?: string; estCyclesPerTick?: number }
interface PieceLike { chip?: { x: number; y: number }; pe?: number; key?: number; mask?: number; population?: string; layer?: string; lo?: number; n?: number; predictedCyclesPerTick?: number }

/** The compressor the router package exports, if any yet (it grows while this CLI is written). */
function compressorOf(): { name: string; compress(t: MulticastTable): MulticastTable } | undefined {
  const c = (router as Record<string, unknown>).orderedCompressor as { name: string; compress(t: MulticastTable): MulticastTable } | undefined;
  return c && typeof c.compress === 'function' ? c : undefined;
}

export function mappingReport(mapping: Mapping, machine: MachineSpec, tickNs: number, level?: number): MappingReport {
  const { image } = mapping;
  const plugin = mapping.report as { pieces?: PieceLike[] } | undefined;
  const pieces: PieceLike[] = Array.isArray(plugin?.pieces) ? plugin!.pieces : [];
  const pieceAt = new Map(pieces.filter((p) => p.chip && p.pe !== undefined).map((p) => [peName(p.chip!, p.pe!), p]));
  // A plugin may predict cycles per piece (predictedCyclesPerTick) or per population/layer (estCyclesPerTick, as
  // the snn plugin's split does); the first one found is shown.
  const splits: SplitLike[] = Array.isArray((plugin as { populations?: unknown })?.populations) ? (plugin as { populations: SplitLike[] }).populations : [];
  const estByGroup = new Map(splits.filter((s) => typeof s.estCyclesPerTick === 'number').map((s) => [s.population ?? s.layer ?? '', s.estCyclesPerTick!]));
  const pes: PeUse[] = image.pes.map((p) => {
    const name = peName(p.chip, p.pe);
    // The PE's allocator: code first, then each region at the next 8-byte boundary (packages/hardware Sram).
    let bytes = machine.pe.codeBytes;
    for (const r of p.regions) bytes = ((bytes + 7) & ~7) + (r.data ? r.data.byteLength : (r.bytes ?? 0));
    const predicted = pieceAt.get(name)?.predictedCyclesPerTick ?? estByGroup.get((p.label ?? '').replace(/\[.*$/, ''));
    return {
      pe: name, qpe: qpeLabel(p.pe), program: p.program, label: p.label ?? p.program, sramBytes: bytes,
      sramPercent: +((100 * bytes) / machine.pe.sramBytes).toFixed(1), ...(predicted !== undefined ? { predictedCyclesPerTick: predicted } : {}),
    };
  });
  const groups = new Map<string, string[]>();
  for (const p of pes) {
    const g = p.label.replace(/\[.*$/, '');
    groups.set(g, [...(groups.get(g) ?? []), p.pe]);
  }
  const keys = pieces
    .filter((p) => p.key !== undefined && p.mask !== undefined)
    .map((p) => ({ label: `${p.population ?? p.layer ?? '?'}${p.lo !== undefined && p.n !== undefined ? `[${p.lo}:${p.lo + p.n}]` : ''}`, key: hex(p.key!), mask: hex(p.mask!) }));
  const compressor = compressorOf();
  const tables: TableUse[] = image.tables.map((t) => {
    const chip = `chip(${t.chip.x},${t.chip.y})`;
    const capacity = machine.chip.routerEntries;
    let compressedEntries: number | undefined;
    if (compressor && t.entries.length <= capacity) {
      const table = new MulticastTable(capacity, chip);
      for (const e of t.entries) table.add(e.key, e.mask, e.route);
      compressedEntries = compressor.compress(table).size;
    }
    return { chip, entries: t.entries.length, compressedEntries, capacity, routes: t.entries.map((e) => ({ key: hex(e.key), mask: hex(e.mask), route: routeText(e.route) })) };
  });
  const levels = machine.pe.performanceLevels;
  const li = level ?? machine.pe.defaultPerformanceLevel ?? levels.length - 1;
  const budget = (levels[li].frequencyHz * tickNs) / 1e9;
  return {
    machine: machine.name,
    pesUsed: pes.length,
    pesAvailable: machine.chips.length * machine.chip.pes,
    sramBytesPerPe: machine.pe.sramBytes,
    groups: [...groups].map(([name, list]) => ({ name, pieces: list.length, pes: list })),
    pes,
    keys,
    tables,
    compressor: compressor?.name,
    cyclesPerTickBudget: budget,
    budgetLevel: levels[li].name,
    overBudget: pes.filter((p) => (p.predictedCyclesPerTick ?? 0) > budget).map((p) => p.pe),
    plugin: mapping.report,
  };
}
