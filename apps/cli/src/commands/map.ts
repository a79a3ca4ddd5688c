import { installedPlugins } from '../plugins';
import { loadScenario } from '../loadScenario';
import { mapScenario } from '../mapScenario';
import { mappingReport, type MappingReport } from '../mappingReport';

function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => indent + r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

/** The mapping report as text: the stages in PACMAN's order, each a small table. */
export function formatMappingReport(r: MappingReport, file: string, showRoutes: boolean): string {
  const out = [`${file}: mapping on ${r.machine} — ${r.pesUsed} of ${r.pesAvailable} PEs`, ''];
  out.push('Pieces (machine graph):', ...table([['population/layer', 'pieces', 'PEs'], ...r.groups.map((g) => [g.name, String(g.pieces), g.pes.length > 4 ? `${g.pes[0]} .. ${g.pes.at(-1)}` : g.pes.join(', ')])]), '');
  const splits = (r.plugin as { populations?: Array<Record<string, unknown>> } | undefined)?.populations;
  if (Array.isArray(splits) && splits.length && 'neuronsPerPe' in splits[0]) {
    out.push('Split (per population: neurons per PE and what limits it):');
    out.push(
      ...table([
        ['population', 'model', 'size', 'per PE', 'pieces', 'limited by', 'est. cycles/tick'],
        ...splits.map((s) => [String(s.population), String(s.model), String(s.size), String(s.neuronsPerPe), String(s.pieces), String(s.limitedBy), s.estCyclesPerTick === undefined ? '-' : Math.round(Number(s.estCyclesPerTick)).toLocaleString('en-US')]),
      ]),
      '',
    );
  }
  const predicted = r.pes.some((p) => p.predictedCyclesPerTick !== undefined);
  out.push(`Placement, SRAM (code included, of ${r.sramBytesPerPe.toLocaleString('en-US')} bytes per PE) and cycles per tick (budget ${Math.round(r.cyclesPerTickBudget).toLocaleString('en-US')} cycles at ${r.budgetLevel}):`);
  out.push(
    ...table([
      ['PE', 'QPE', 'program', 'piece', 'SRAM bytes', 'SRAM %', 'cycles/tick', '% budget'],
      ...r.pes.map((p) => [
        p.pe, p.qpe, p.program, p.label, p.sramBytes.toLocaleString('en-US'), p.sramPercent.toFixed(1),
        p.predictedCyclesPerTick === undefined ? '-' : Math.round(p.predictedCyclesPerTick).toLocaleString('en-US'),
        p.predictedCyclesPerTick === undefined ? '-' : ((100 * p.predictedCyclesPerTick) / r.cyclesPerTickBudget).toFixed(1),
      ]),
    ]),
  );
  if (!predicted) out.push('  (the plugin predicts no cycles per tick; `s2sim run` measures them: see provenance.json maxBusyCycles)');
  else out.push('  (cycles per tick are the plugin\'s estimate; `s2sim run` measures them: provenance.json maxBusyCycles)');
  if (r.overBudget.length) out.push(`  WARNING: predicted over budget (timer overruns likely) on ${r.overBudget.join(', ')}`);
  out.push('');
  if (r.keys.length) out.push('Keys:', ...table([['piece', 'key', 'mask'], ...r.keys.map((k) => [k.label, k.key, k.mask])]), '');
  out.push(`Router tables (capacity per chip; compressed with ${r.compressor ?? 'no compressor: the router package exports none yet'}):`);
  out.push(...table([['chip', 'entries', 'compressed', 'capacity'], ...r.tables.map((t) => [t.chip, String(t.entries), t.compressedEntries === undefined ? '-' : String(t.compressedEntries), String(t.capacity)])]));
  if (showRoutes) {
    for (const t of r.tables) out.push('', `Routes of ${t.chip}:`, ...table([['key', 'mask', 'route'], ...t.routes.map((e) => [e.key, e.mask, e.route])]));
  } else out.push('  (--routes lists every entry)');
  return out.join('\n') + '\n';
}

/** `s2sim map`: map a scenario without running it, and report every stage. */
export async function mapCommand(file: string, opts: { json?: boolean; routes?: boolean }): Promise<number> {
  const loaded = loadScenario(file, await installedPlugins());
  const mapping = mapScenario(loaded);
  const report = mappingReport(mapping, loaded.machine, loaded.tickNs, loaded.performanceLevel);
  process.stdout.write(opts.json ? JSON.stringify(report, null, 2) + '\n' : formatMappingReport(report, file, !!opts.routes));
  return 0;
}
