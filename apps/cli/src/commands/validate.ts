import { Simulation } from '@s2sim/actors';
import { installedPlugins } from '../plugins';
import { loadScenario } from '../loadScenario';
import { mapScenario, withFile } from '../mapScenario';

/**
 * `s2sim validate`: everything `run` checks before the first tick — the file, the plugin's model, the machine,
 * the mapping (does it fit the PEs, SRAM and router tables?) and loading the image — without simulating.
 */
export async function validateCommand(file: string, opts: { json?: boolean }): Promise<number> {
  const plugins = await installedPlugins();
  const loaded = loadScenario(file, plugins);
  const mapping = mapScenario(loaded);
  const sim = new Simulation(loaded.machine, plugins.programs, { tickNs: loaded.tickNs, seed: loaded.scenario.run.seed });
  withFile(file, () => sim.load(mapping.image));
  const tableEntries = mapping.image.tables.reduce((s, t) => s + t.entries.length, 0);
  const summary = {
    ok: true, file, plugin: loaded.scenario.plugin, machine: loaded.machine.name, ticks: loaded.ticks,
    timestepMs: loaded.tickNs / 1e6, pesUsed: mapping.image.pes.length, tableEntries,
  };
  if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else {
    process.stdout.write(
      `${file}: ok — plugin ${summary.plugin} on ${summary.machine}, ${summary.pesUsed} PEs, ${tableEntries} router entries, ` +
        `${summary.ticks} ticks of ${summary.timestepMs} ms\n`,
    );
  }
  return 0;
}
