import { Command, InvalidArgumentError } from 'commander';
import { reportError } from './reportError';
import { runCommand } from './commands/run';
import { VERSION } from './version';

function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}
function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

const program = new Command('s2sim')
  .description('Simulate applications on the SpiNNaker2 neuromorphic system')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)');
program.configureOutput({ outputError: (str, write) => write(str) });
program.exitOverride((err) => {
  process.exit(err.exitCode === 0 ? 0 : 2);
});

program
  .command('run')
  .description('run a scenario and write a results folder')
  .argument('<scenario>', 'scenario file (.yaml, .yml or .json)')
  .option('--out <dir>', 'results folder (default: results/<scenario name>, never overwritten)')
  .option('--seed <n>', 'override the scenario seed', int)
  .option('--duration <ms>', 'override the simulated duration, ms', positive)
  .option('--quiet', 'print nothing')
  .option('--json', 'print a machine-readable summary')
  .addHelpText('after', '\nExample:\n  s2sim run examples/synfire-ring.yaml --out results/ring\n')
  .action((file: string, opts) => {
    try {
      runCommand(file, opts);
    } catch (e) {
      process.exit(reportError(e));
    }
  });

program.parse();
