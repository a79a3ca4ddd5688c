import { readFileSync, existsSync, statSync } from 'node:fs';
import { extname, dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { machinePreset, type MachineSpec } from '@s2sim/hardware';
import type { PluginDefinition, PluginRegistry } from '@s2sim/actors';
import { z } from 'zod';
import { scenarioSchema, type Scenario } from './scenario';
import { BadInputError, fromZod } from './inputErrors';

export interface LoadedScenario {
  file: string;
  baseDir: string;
  scenario: Scenario;
  plugin: PluginDefinition;
  model: unknown;
  machine: MachineSpec;
  ticks: number;
  tickNs: number;
  /** Index of the fixed performance level the scenario asks for, if it names one. */
  performanceLevel?: number;
}

export interface ScenarioOverrides {
  seed?: number;
  durationMs?: number;
  threads?: number;
}

/** Reads, parses and validates a scenario file, and the plugin's part of it with the plugin's own schema. */
export function loadScenario(file: string, plugins: PluginRegistry, overrides: ScenarioOverrides = {}): LoadedScenario {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BadInputError(file, undefined, 'no such file', 'check the path (it is relative to the current folder)');
  const ext = extname(file).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(ext)) throw new BadInputError(file, undefined, `unknown file type '${ext}'`, 'a scenario is a .yaml, .yml or .json file');
  const text = readFileSync(file, 'utf8');
  let raw: unknown;
  try {
    raw = ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    const msg = (e as Error).message.split('\n')[0];
    throw new BadInputError(file, undefined, `not valid ${ext === '.json' ? 'JSON' : 'YAML'}${where} (${msg})`, 'fix the syntax; a YAML linter or `s2sim validate` shows where');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new BadInputError(file, undefined, 'the file is not a mapping of fields', 'start from examples/synfire-ring.yaml');
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw fromZod(file, parsed.error);
  const scenario = parsed.data;
  if (overrides.seed !== undefined) scenario.run.seed = overrides.seed;
  if (overrides.threads !== undefined) scenario.run.threads = overrides.threads;
  if (overrides.durationMs !== undefined) {
    scenario.run.durationMs = overrides.durationMs;
    delete scenario.run.ticks;
  }
  if (!plugins.has(scenario.plugin)) throw new BadInputError(file, 'plugin', `no plugin named '${scenario.plugin}'`, `installed plugins: ${plugins.names.join(', ')}`);
  const plugin = plugins.get(scenario.plugin);
  const model = plugin.modelSchema.safeParse(scenario.model);
  if (!model.success) throw fromZod(file, model.error as z.ZodError, 'model');
  let machine: MachineSpec;
  try {
    const { preset, ...rest } = scenario.machine;
    machine = machinePreset(preset, rest);
  } catch (e) {
    if (e instanceof z.ZodError) throw fromZod(file, e, 'machine');
    throw e;
  }
  const tickNs = Math.round(scenario.run.timestepMs * 1e6);
  const ticks = scenario.run.ticks ?? Math.round(scenario.run.durationMs! / scenario.run.timestepMs);
  if (ticks < 1) throw new BadInputError(file, 'run.durationMs', 'shorter than one time step', 'run for at least one timestepMs');
  let performanceLevel: number | undefined;
  if (scenario.run.performanceLevel !== undefined) {
    const names = machine.pe.performanceLevels.map((l) => l.name);
    performanceLevel = names.indexOf(scenario.run.performanceLevel);
    if (performanceLevel < 0) throw new BadInputError(file, 'run.performanceLevel', `no performance level named '${scenario.run.performanceLevel}'`, `this machine's levels are ${names.join(', ')}`);
  }
  return { file, baseDir: dirname(resolve(file)), scenario, plugin, model: model.data, machine, ticks, tickNs, performanceLevel };
}
