import { readNirGraph, type NirParam } from '../nirFile';

/** One readable line per parameter: small ones in full, large ones as shape and range. */
export function describeParam(p: NirParam): string {
  if (typeof p.values === 'string') return JSON.stringify(p.values);
  if (typeof p.values === 'number') return String(+p.values.toPrecision(6));
  const v = p.values;
  const shape = `[${p.shape.join('x')}]`;
  if (v.length <= 6) return `${shape} ${v.map((x) => +x.toPrecision(6)).join(', ')}`;
  let lo = Infinity, hi = -Infinity, sum = 0;
  for (const x of v) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
    sum += x;
  }
  const g = (x: number) => +x.toPrecision(4);
  return lo === hi ? `${shape} all ${g(lo)}` : `${shape} min ${g(lo)}, mean ${g(sum / v.length)}, max ${g(hi)}`;
}

/** `s2sim nir inspect`: a NIR graph's nodes, parameter shapes and values, and edges. */
export async function nirInspectCommand(file: string, opts: { json?: boolean }): Promise<number> {
  const g = await readNirGraph(file);
  // An edge naming no node is worth saying: some exporters wrote subgraph edges that way.
  const names = new Set(g.nodes.map((n) => n.name));
  const dangling = g.edges.flat().filter((e, i, all) => !names.has(e) && all.indexOf(e) === i);
  const warnings = dangling.map((e) => `an edge names '${e}', which is no node of the graph`);
  if (opts.json) {
    const nodes = g.nodes.map((n) => ({ name: n.name, type: n.type, params: Object.fromEntries(Object.entries(n.params).map(([k, p]) => [k, { shape: p.shape, dtype: p.dtype, summary: describeParam(p) }])) }));
    process.stdout.write(JSON.stringify({ file: g.file, version: g.version, nodes, edges: g.edges, warnings }, null, 2) + '\n');
    return 0;
  }
  const lines = [`${file}: NIR ${g.version}, ${g.nodes.length} nodes, ${g.edges.length} edges`, '', 'nodes:'];
  const width = Math.max(4, ...g.nodes.map((n) => n.name.length));
  for (const n of g.nodes) {
    lines.push(`  ${n.name.padEnd(width)}  ${n.type}`);
    for (const [k, p] of Object.entries(n.params)) lines.push(`  ${''.padEnd(width)}    ${k}: ${describeParam(p)}`);
  }
  lines.push('', 'edges:', ...g.edges.map(([a, b]) => `  ${a} -> ${b}`));
  if (warnings.length) lines.push('', 'warnings:', ...warnings.map((w) => `  ${w}`));
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
