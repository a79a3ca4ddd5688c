import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { installedPlugins } from '../plugins';
import { scenarioSchema } from '../scenario';
import { BadInputError } from '../inputErrors';

const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

/**
 * The JSON Schema of a scenario file, generated from the zod schemas (the scenario's and every plugin's model), so
 * an editor completes and checks scenario files. With several plugins, `model` follows the `plugin` field.
 */
export async function scenarioJsonSchema(pluginName?: string): Promise<Record<string, unknown>> {
  const plugins = await installedPlugins();
  if (pluginName !== undefined && !plugins.has(pluginName)) {
    throw new BadInputError('--plugin', undefined, `no plugin named '${pluginName}'`, `installed plugins: ${plugins.names.join(', ')}`);
  }
  const base = toJson(scenarioSchema);
  const names = pluginName ? [pluginName] : plugins.names;
  const props = base.properties as Record<string, Record<string, unknown>>;
  props.plugin = { ...props.plugin, enum: names };
  const modelOf = (n: string) => {
    const { $schema: _drop, ...rest } = toJson(plugins.get(n).modelSchema);
    return { ...rest, description: `the model of the ${n} plugin` };
  };
  if (names.length === 1) props.model = modelOf(names[0]);
  else base.allOf = names.map((n) => ({ if: { properties: { plugin: { const: n } }, required: ['plugin'] }, then: { properties: { model: modelOf(n) } } }));
  return { ...base, title: 's2sim scenario', $id: 'https://s2sim.dev/schema/scenario.json' };
}

/** `s2sim schema`: prints the JSON Schema, or writes it to --out. */
export async function schemaCommand(opts: { plugin?: string; out?: string }): Promise<number> {
  const text = JSON.stringify(await scenarioJsonSchema(opts.plugin), null, 2) + '\n';
  if (opts.out) writeFileSync(opts.out, text);
  else process.stdout.write(text);
  return 0;
}
