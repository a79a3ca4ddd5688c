import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { s2simP, tempDir, type Ran } from './s2sim';

/**
 * Every file in bad-inputs/ is wrong in one way a user gets wrong. The CLI must answer each with one paragraph on
 * stderr that names the file and the field, gives a hint, exits with 2, shows no stack trace and writes nothing.
 */
const cases: Array<[string, string[], RegExp]> = [
  ['unknown-key.yaml', ['run'], /field 'model\.populations\[0\]': unknown key 'parms'/],
  ['unit-in-key.yaml', ['run'], /field 'run': unknown key 'durationS'.*check the spelling and the unit in the name/],
  ['wrong-units.yaml', ['run'], /field 'run\.durationMs': .*expected number.*without a unit suffix/],
  ['wrong-type.yaml', ['run'], /field 'model\.populations\[0\]\.params\.cm': .*expected number/],
  ['negative-size.json', ['run'], /field 'model\.populations\[0\]\.size'.*Hint: give a value inside the allowed range/],
  ['negative-timestep.yaml', ['validate'], /field 'run\.timestepMs'/],
  ['absurd-duration.yaml', ['run'], /field 'run\.durationMs': .*3600000/],
  ['bad-machine-override.yaml', ['validate'], /field 'machine\.pe\.sramBytes'/],
  ['unknown-preset.yaml', ['run'], /field 'machine\.preset'.*Hint: use one of the allowed values/],
  ['unknown-level.yaml', ['run'], /field 'run\.performanceLevel': no performance level named 'PL9'.*PL1/],
  ['syntax.yaml', ['run'], /not valid YAML at line \d+/],
  ['no-duration.yaml', ['validate'], /field 'run': give exactly one of durationMs or ticks/],
  ['unknown-plugin.yaml', ['run'], /field 'plugin': no plugin named 'snnn'.*installed plugins: .*snn/],
  ['too-big.yaml', ['run'], /PEs/],
  ['sram-overflow.yaml', ['validate'], /SRAM/],
  ['bad-delay.yaml', ['run'], /delay 0\.5 ms/],
  ['missing.yaml', ['run'], /missing\.yaml: no such file/],
  ['missing-nir-model.yaml', ['validate'], /does-not-exist\.nir: no such file/],
  ['corrupt-nir-model.yaml', ['run'], /corrupt\.nir: not an HDF5 file/],
  ['corrupt.nir', ['nir', 'inspect'], /corrupt\.nir: not an HDF5 file/],
  ['truncated.nir', ['nir', 'inspect'], /truncated\.nir: HDF5 cannot read the file \(File has been truncated\)/],
  ['missing.nir', ['nir', 'inspect'], /missing\.nir: no such file/],
];

describe('bad inputs (subprocess): one paragraph naming the file and field, a hint, exit code 2, no stack trace', async () => {
  const outs = cases.map(() => join(tempDir(), 'never'));
  const runs: Ran[] = await Promise.all(
    cases.map(([file, cmd], i) => s2simP([...cmd, `apps/cli/test/bad-inputs/${file}`, ...(cmd[0] === 'run' ? ['--out', outs[i]] : [])])),
  );
  cases.forEach(([file, cmd, pattern], i) => {
    it(`${cmd.join(' ')} ${file}`, () => {
      const r = runs[i];
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).toMatch(/Hint: /);
      expect(r.stderr).toContain(`apps/cli/test/bad-inputs/${file}`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
      expect(existsSync(outs[i])).toBe(false);
    });
  });
});
