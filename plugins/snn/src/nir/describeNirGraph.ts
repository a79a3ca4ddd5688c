import type { NirFile, NirGraph } from './readNirGraph';

/** A printable outline of a NIR graph (for `s2sim nir inspect`): nodes with type and parameter shapes, then edges. */
export function describeNirGraph(file: NirFile): string {
  const lines = [`NIR ${file.version || '(no version)'}`];
  const walk = (g: NirGraph, indent: string) => {
    for (const [name, node] of Object.entries(g.nodes)) {
      const params = Object.entries(node.params).map(([k, a]) => (a.data.length === 1 ? `${k}=${+a.data[0].toPrecision(6)}` : `${k}[${a.shape.join('x')}]`));
      lines.push(`${indent}${name}: ${node.type}${params.length ? ` (${params.join(', ')})` : ''}`);
      if (node.graph) walk(node.graph, indent + '  ');
    }
    lines.push(`${indent}edges: ${g.edges.map(([a, b]) => `${a} -> ${b}`).join(', ')}`);
  };
  walk(file.graph, '  ');
  return lines.join('\n');
}
