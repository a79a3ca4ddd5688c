import { z } from 'zod';
import { installedPluginList } from '../plugins';

/** The top-level options of a plugin's model schema, with their types and descriptions. */
function optionsOf(schema: z.ZodType): Array<{ name: string; type: string; description: string }> {
  type Prop = { type?: string; description?: string; anyOf?: unknown[]; oneOf?: unknown[]; enum?: unknown[] };
  type Obj = { properties?: Record<string, Prop>; required?: string[]; anyOf?: Obj[]; oneOf?: Obj[] };
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Obj;
  // A model that is one of several forms (e.g. a PyNN network or a NIR file) lists the options of every form.
  const forms = json.anyOf ?? json.oneOf ?? [json];
  const seen = new Set<string>();
  const props = forms.flatMap((f) => Object.entries(f.properties ?? {}).map(([name, p]) => ({ name, p, required: !!f.required?.includes(name) })));
  return props.filter(({ name }) => !seen.has(name) && !!seen.add(name)).map(({ name, p, required }) => ({
    name: name + (required ? '' : '?'),
    type: p.type ?? (p.enum ? 'enum' : p.anyOf || p.oneOf ? 'one of' : 'any'),
    description: p.description ?? '',
  }));
}

/** `s2sim plugins`: installed plugins, where they come from, their PE programs and model options. */
export async function pluginsCommand(opts: { json?: boolean }): Promise<number> {
  const list = (await installedPluginList()).map(({ plugin, source }) => ({
    name: plugin.name, description: plugin.description, source, programs: plugin.programs.map((p) => p.name), modelOptions: optionsOf(plugin.modelSchema),
  }));
  if (opts.json) {
    process.stdout.write(JSON.stringify(list, null, 2) + '\n');
    return 0;
  }
  const lines: string[] = [];
  for (const p of list) {
    lines.push(`${p.name} — ${p.description}`, `  from: ${p.source}`, `  PE programs: ${p.programs.join(', ')}`, '  model options:');
    for (const o of p.modelOptions) lines.push(`    ${o.name.padEnd(14)} ${o.type.padEnd(8)} ${o.description}`);
    lines.push('');
  }
  lines.push('The full schema of each option: s2sim schema --plugin <name>');
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
