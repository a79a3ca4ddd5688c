import type { SnnMappingReport } from './mapper';

/** The mapping report as text for `s2sim map`: the split per population, projections, PEs, keys and tables. */
export function formatMappingReport(r: SnnMappingReport): string {
  const lines = [`SNN mapping (time step ${r.timestepMs} ms)`];
  lines.push('populations (machine graph):');
  for (const p of r.populations) {
    const est = p.estCyclesPerTick ? `, about ${p.estCyclesPerTick} of ${Math.round(p.budgetCyclesPerTick)} cycles/tick, ~${p.estSramBytes} B SRAM, rows in ${p.estRowsInDram ? 'DRAM' : 'SRAM'}` : '';
    lines.push(`  ${p.population} (${p.model}, ${p.size} neurons): ${p.neuronsPerPe} per PE -> ${p.pieces} PE(s), limited by ${p.limitedBy}${est}`);
  }
  lines.push('projections:');
  for (const p of r.projections) {
    lines.push(`  ${p.pre} -> ${p.post} (${p.connector}, ${p.receptor}): ${p.synapses} synapses, delays ${p.minDelayTicks}..${p.maxDelayTicks} steps${p.delaysRaisedToOneStep ? `, ${p.delaysRaisedToOneStep} raised to one step` : ''}`);
  }
  lines.push(`placement: ${r.pieces.length} neuron/source PEs + ${r.delayExtensions} delay extension PEs`);
  for (const p of r.pieces) {
    lines.push(`  chip(${p.chip.x},${p.chip.y}).pe(${p.pe}) ${p.population}[${p.lo}:${p.lo + p.n}] key 0x${p.key.toString(16).padStart(8, '0')}/0x${p.mask.toString(16)}${p.synapses ? `, ${p.synapses} synapses (rows in ${p.rowsInDram ? 'DRAM' : 'SRAM'}), ${p.sramBytes} B SRAM` : ''}`);
  }
  lines.push(`routing tables: ${r.tables.map((t) => `${t.chip} ${t.entries} entries`).join(', ')}`);
  lines.push(`synapses: ${r.synapses}; DRAM for rows: ${r.dramBytes} B; weights below 16-bit resolution: ${r.weightsBelowResolution}`);
  if (r.nir) {
    lines.push(`NIR ${r.nir.version}: ${Object.entries(r.nir.populations).map(([n, p]) => (n === p ? n : `${n} -> ${p}`)).join(', ')}; outputs ${Object.entries(r.nir.outputs).map(([o, p]) => `${o} <- ${p}`).join(', ')}`);
    for (const w of r.nir.warnings) lines.push(`  warning: ${w}`);
  }
  return lines.join('\n');
}
