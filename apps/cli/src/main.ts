import { Command, InvalidArgumentError } from 'commander';
import { VERSION } from './version';
import { quietHdf5Diagnostics } from './quietHdf5';

quietHdf5Diagnostics();

function whole(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    return n;
  };
}
function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number (milliseconds, without a unit)');
  return n;
}

/** Runs a command and sets the exit code: its own, or reportError's (2 bad input, 1 failure). Commands load lazily. */
function action<A extends unknown[]>(f: (...args: A) => Promise<number> | number) {
  return async (...args: A) => {
    try {
      process.exitCode = await f(...args);
    } catch (e) {
      // loaded only on error: it imports the packages' error classes, which --help need not pay for
      process.exitCode = (await import('./reportError')).reportError(e);
    }
  };
}

const example = (...lines: string[]) => `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;

const program = new Command('s2sim')
  .description('Simulate applications on the SpiNNaker2 neuromorphic system: run, map, inspect, plot, report')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText('after', example('s2sim run examples/synfire-ring.yaml', 's2sim report results/synfire-ring', 's2sim <command> --help'));
program.configureOutput({ outputError: (str, write) => write(str) });
program.exitOverride((err) => {
  process.exit(err.exitCode === 0 ? 0 : 2);
});

program
  .command('run')
  .description('run a scenario and write a results folder (result.json, outputs, plots)')
  .argument('<scenario>', 'scenario file (.yaml, .yml or .json)')
  .option('--out <dir>', 'results folder (default: output.dir or results/<scenario name>; never overwritten)')
  .option('--seed <n>', 'override run.seed', whole(0))
  .option('--duration <ms>', 'override the simulated duration, ms', positive)
  .option('--threads <n>', 'override run.threads (worker threads; results do not depend on it)', whole(1))
  .option('--no-plots', 'skip the plots (faster)')
  .option('--quiet', 'print nothing (errors still go to stderr)')
  .option('--json', 'print a machine-readable summary on stdout')
  .addHelpText('after', example('s2sim run examples/synfire-ring.yaml --out results/ring', 's2sim run examples/brunel.yaml --duration 200 --seed 7 --json') +
    '\nProgress goes to stderr: a bar on a terminal, a line every 2 s otherwise. Ctrl-C stops after the current\nchunk of ticks and writes what was recorded, with complete: false in result.json.\nExit codes: 0 done, 1 the run failed or was interrupted, 2 bad input.\n')
  .action(action(async (file: string, opts) => (await import('./commands/run')).runCommand(file, opts)));

program
  .command('map')
  .description('map a scenario without running it: pieces, placement, SRAM per PE, keys, routes, table sizes, cycles per tick')
  .argument('<scenario>', 'scenario file')
  .option('--routes', 'list every router table entry')
  .option('--json', 'print the report as JSON')
  .addHelpText('after', example('s2sim map examples/synfire-ring.yaml', 's2sim map examples/synfire-ring.yaml --routes --json'))
  .action(action(async (file: string, opts) => (await import('./commands/map')).mapCommand(file, opts)));

program
  .command('validate')
  .description('check a scenario (file, model, machine, mapping, loading) without running it')
  .argument('<scenario>', 'scenario file')
  .option('--json', 'print the result as JSON')
  .addHelpText('after', example('s2sim validate examples/synfire-ring.yaml'))
  .action(action(async (file: string, opts) => (await import('./commands/validate')).validateCommand(file, opts)));

program
  .command('plugins')
  .description('list installed plugins, their PE programs and model options')
  .option('--json', 'print the list as JSON')
  .addHelpText('after', example('s2sim plugins', 'S2SIM_PLUGIN_PATH=../my-plugins s2sim plugins   # also search another folder of plugin packages'))
  .action(action(async (opts) => (await import('./commands/plugins')).pluginsCommand(opts)));

program
  .command('schema')
  .description('print the JSON Schema of scenario files (generated from the zod schemas), for editor completion')
  .option('--plugin <name>', 'only this plugin\'s model')
  .option('--out <file>', 'write to a file instead of stdout')
  .addHelpText('after', example('s2sim schema --out s2sim-scenario.schema.json', '# then, first line of a scenario for VS Code\'s YAML extension:', '# yaml-language-server: $schema=./s2sim-scenario.schema.json'))
  .action(action(async (opts) => (await import('./commands/schema')).schemaCommand(opts)));

program
  .command('nir')
  .description('Neuromorphic Intermediate Representation (NIR) files')
  .command('inspect')
  .description("print a NIR graph's nodes, parameter shapes and values, and edges")
  .argument('<file>', 'a .nir file (HDF5)')
  .option('--json', 'print the graph as JSON')
  .addHelpText('after', example('s2sim nir inspect fixtures/nir/braille_noDelay_bias_zero.nir'))
  .action(action(async (file: string, opts) => (await import('./commands/nirInspect')).nirInspectCommand(file, opts)));

program
  .command('report')
  .description('render a results folder to one self-contained HTML page (plots, provenance, energy, scenario)')
  .argument('<results>', 'a results folder written by `s2sim run`')
  .option('--out <file>', 'where to write the page (default: <results>/report.html)')
  .option('--quiet', 'print nothing')
  .addHelpText('after', example('s2sim report results/synfire-ring && xdg-open results/synfire-ring/report.html'))
  .action(action(async (dir: string, opts) => (await import('./commands/report')).reportCommand(dir, opts)));

program
  .command('new')
  .description('create something from a template')
  .command('plugin')
  .description('create a working plugin package (PE program, mapper, schema, results, a passing test)')
  .argument('<name>', 'plugin name: lower-case letters, digits and dashes')
  .option('--dir <dir>', 'where to create it (default: plugins/<name>)')
  .option('--quiet', 'print nothing')
  .addHelpText('after', example('s2sim new plugin my-stdp && npx vitest run plugins/my-stdp'))
  .action(action(async (name: string, opts) => (await import('./commands/newPlugin')).newPluginCommand(name, opts)));

await program.parseAsync();
