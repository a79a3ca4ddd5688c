import type { z } from 'zod';

/**
 * A markdown table of an object schema's parameters (name, default, description), printed from the schema itself
 * so that the documentation never disagrees with the declaration (SST's rule). The README's tables are this output.
 */
export function parameterTable(schema: z.ZodObject): string {
  const rows = Object.entries(schema.shape).map(([key, field]) => {
    const f = field as z.ZodType & { def: { type: string; defaultValue?: unknown } };
    const dflt = f.def.type === 'default' ? JSON.stringify(f.def.defaultValue) : '—';
    return `| ${key} | ${dflt} | ${(f.description ?? '').replace(/\|/g, '\\|')} |`;
  });
  return ['| parameter | default | description |', '|---|---:|---|', ...rows].join('\n');
}
