import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'apps/cli/bin/s2sim.js');
const s2sim = (args: string[], cwd = root) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });

describe('s2sim run (subprocess)', () => {
  it('runs the synfire ring and writes result.json and spikes/<population>.csv', () => {
    const out = join(mkdtempSync(join(tmpdir(), 's2sim-')), 'ring');
    const r = s2sim(['run', 'examples/synfire-ring.yaml', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('spikes.ring: 33');
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result).toMatchObject({ complete: true, seed: 1, machine: { name: 'chip', chips: 1, pesPerChip: 152 }, run: { ticks: 100, simulatedMs: 100 } });
    expect(result.counts['spikes.ring']).toBe(33);
    const csv = readFileSync(join(out, 'spikes/ring.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('neuron,time_ms');
    expect(csv.slice(1, 4)).toEqual(['0,3', '1,6', '2,9']);
  });

  it('never overwrites a results folder that holds files', () => {
    const out = mkdtempSync(join(tmpdir(), 's2sim-'));
    writeFileSync(join(out, 'keep.txt'), 'precious');
    const r = s2sim(['run', 'examples/synfire-ring.yaml', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('exists and is not empty');
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('precious');
  });

  it('--seed and --duration override the scenario; --json prints a summary', () => {
    const out = join(mkdtempSync(join(tmpdir(), 's2sim-')), 'r');
    const r = s2sim(['run', 'examples/synfire-ring.yaml', '--out', out, '--seed', '9', '--duration', '30', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.seed).toBe(9);
    expect(j.run.ticks).toBe(30);
    expect(j.counts['spikes.ring']).toBe(9); // steps 0..29 hold the spikes at 3, 6, ..., 27 ms
  });
});

describe('bad inputs (subprocess): one paragraph naming the file and field, a hint, exit code 2, no stack trace', () => {
  const cases: Array<[string, RegExp]> = [
    ['unknown-key.yaml', /field 'model\.populations\[0\]': unknown key 'parms'/],
    ['wrong-type.yaml', /field 'model\.populations\[0\]\.params\.cm': .*expected number/],
    ['negative-size.json', /field 'model\.populations\[0\]\.size'/],
    ['syntax.yaml', /not valid YAML at line \d+/],
    ['no-duration.yaml', /field 'run': give exactly one of durationMs or ticks/],
    ['unknown-plugin.yaml', /field 'plugin': no plugin named 'snnn'/],
    ['too-big.yaml', /needs \d+ PEs but .* 152 PEs/],
    ['sram-overflow.yaml', /SRAM overflow on chip\(0,0\)\.pe\(0\)/],
    ['bad-delay.yaml', /delay 0\.5 ms is not a whole number/],
    ['missing.yaml', /missing\.yaml: no such file/],
  ];
  for (const [file, pattern] of cases) {
    it(file, () => {
      const path = `apps/cli/test/bad-inputs/${file}`;
      const out = join(mkdtempSync(join(tmpdir(), 's2sim-')), 'never');
      const r = s2sim(['run', path, '--out', out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).toMatch(/Hint: /);
      expect(r.stderr).toContain(path);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    });
  }
});
