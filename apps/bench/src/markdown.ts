import type { Comparison } from './baseline';
import type { BenchRow } from './types';

/** Numbers for people: integers as they are, others with 4 significant digits, large ones in engineering form. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return String(v);
  const a = Math.abs(v);
  if (a >= 1e7 || (a > 0 && a < 1e-3)) return v.toExponential(3).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

/** Columns every row may have, in this order; the rest go in the last column as name=value. */
const COLUMNS: Array<[key: string, title: string]> = [
  ['threads', 'threads'],
  ['wallMedianS', 'wall median (s)'],
  ['wallIqrPct', 'IQR (%)'],
  ['wallMinS', 'min (s)'],
  ['wallMaxS', 'max (s)'],
  ['cpuMedianS', 'CPU median (s)'],
  ['realTimeFactor', 'real-time factor'],
  ['eventsPerS', 'events/s'],
  ['peakRssMiB', 'peak RSS (MiB)'],
  ['speedup', 'speedup'],
  ['parallelEfficiency', 'efficiency'],
];
const HIDDEN = new Set(['repeats', 'startRssMiB']);

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** One markdown table per suite: the standard columns where any row has them, other metrics and notes after. */
export function suiteTable(rows: BenchRow[]): string {
  const cols = COLUMNS.filter(([k]) => rows.some((r) => k in r.metrics));
  const known = new Set([...cols.map(([k]) => k), ...HIDDEN]);
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [row(['case', ...cols.map(([, t]) => t), 'other metrics', 'notes']), row(['---', ...cols.map(() => '---:'), '---', '---'])];
  for (const r of rows) {
    const cells = cols.map(([k]) => (k in r.metrics ? formatNumber(r.metrics[k]) : ''));
    const other = Object.entries(r.metrics)
      .filter(([k]) => !known.has(k))
      .map(([k, v]) => `${k}=${formatNumber(v)}`)
      .join(', ');
    lines.push(row([escapeCell(r.name), ...cells, escapeCell(other), escapeCell(r.notes ?? '')]));
  }
  return lines.join('\n');
}

/** The regression section: every compared metric whose ratio passes the threshold, then a one-line summary. */
export function comparisonTable(cmp: Comparison[], threshold: number): string {
  if (cmp.length === 0) return 'No case of this run is in the baseline.';
  const flagged = cmp.filter((c) => c.regression);
  const improved = cmp.filter((c) => c.worse < 1 / threshold);
  const lines = [
    `${cmp.length} metrics compared with the baseline: ${flagged.length} regressions (worse by more than ${threshold}x), ${improved.length} improvements (better by more than ${threshold}x).`,
  ];
  const shown = [...flagged, ...improved];
  if (shown.length) {
    lines.push('', '| suite | case | metric | baseline | now | now / baseline | verdict |', '|---|---|---|---:|---:|---:|---|');
    for (const c of shown) {
      lines.push(`| ${c.suite} | ${escapeCell(c.case)} | ${c.metric} | ${formatNumber(c.baseline)} | ${formatNumber(c.current)} | ${formatNumber(c.ratio)} | ${c.regression ? `REGRESSION (${formatNumber(c.worse)}x worse)` : `better (${formatNumber(1 / c.worse)}x)`} |`);
    }
  }
  return lines.join('\n');
}

export interface ReportInput {
  meta: { date: string; node: string; cpus: number; cpuModel: string; loadAvgAtStart?: number[]; loadAvg?: number[]; quick: boolean; repeat: number; threads: number[]; command: string };
  descriptions: Record<string, string>;
  results: Record<string, BenchRow[]>;
  failures: Record<string, string>;
  comparison?: { cmp: Comparison[]; threshold: number };
  plot?: string;
}

export function benchReport(r: ReportInput): string {
  const m = r.meta;
  const out = [
    `# s2sim bench`,
    '',
    `${m.date} · node ${m.node} · ${m.cpus} CPUs (${m.cpuModel}) · ${m.quick ? 'quick' : 'full'} · ${m.repeat} repeats · threads ${m.threads.join(',')}` +
      (m.loadAvgAtStart ? ` · load average (1, 5, 15 min) ${m.loadAvgAtStart.join(', ')} at start, ${m.loadAvg?.join(', ')} at end` : ''),
    '',
    `Command: \`${m.command}\``,
    '',
  ];
  for (const [suite, rows] of Object.entries(r.results)) {
    out.push(`## ${suite}`, '', r.descriptions[suite] ?? '', '', suiteTable(rows), '');
  }
  for (const [suite, msg] of Object.entries(r.failures)) out.push(`## ${suite}: FAILED`, '', '```', msg, '```', '');
  if (r.plot) out.push(`## Thread scaling`, '', `![speedup and parallel efficiency](${r.plot})`, '');
  if (r.comparison) out.push('## Against the baseline', '', comparisonTable(r.comparison.cmp, r.comparison.threshold), '');
  return out.join('\n');
}
