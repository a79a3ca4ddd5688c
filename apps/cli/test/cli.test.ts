import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pngSize, s2sim, s2simP, svgSize, tempDir } from './s2sim';

describe('s2sim run (subprocess)', () => {
  const out = join(tempDir(), 'ring');
  const r = s2sim(['run', 'examples/synfire-ring.yaml', '--out', out]);

  it('runs the synfire ring: exit 0, a summary, progress on stderr only', () => {
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.stderr).toMatch(/^s2sim: tick 0\/100/m); // not a terminal: plain progress lines
    expect(r.stdout).toContain('spikes.ring: 33');
  });

  it('writes result.json with what ran, and spikes/ring.csv with the ring\'s closed form', () => {
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result).toMatchObject({ complete: true, seed: 1, machine: { name: 'chip', chips: 1, pesPerChip: 152 }, run: { ticks: 100, simulatedMs: 100 } });
    expect(result.versions.node).toBe(process.version);
    expect(result.scenario.content.plugin).toBe('snn');
    expect(result.counts['spikes.ring']).toBe(33);
    // One spike every 3 ms around the ring of 20, starting with neuron 0 at 3 ms (1 ms delay + 2 ms to rise).
    const csv = readFileSync(join(out, 'spikes/ring.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('neuron,time_ms');
    expect(csv.slice(1)).toEqual(Array.from({ length: 33 }, (_, k) => `${k % 20},${3 * (k + 1)}`));
  });

  it('energy-per-tick.csv adds up to the energy in result.json', () => {
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    const rows = readFileSync(join(out, 'energy-per-tick.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    expect(rows).toHaveLength(100);
    const total = rows.reduce((s, [, , n, e]) => s + n * e, 0);
    expect(total).toBeCloseTo(result.energy.totalJ, 12);
  });

  it('plots the raster (one mark per spike), the PE heatmap (one coloured cell per PE used), traffic and energy, as SVG and PNG', () => {
    const svg = (n: string) => readFileSync(join(out, `plots/${n}.svg`), 'utf8');
    expect(svg('spike-raster').match(/aria-roledescription="tick"/g)).toHaveLength(33);
    const heat = svg('pe-utilisation');
    const used = heat.slice(heat.indexOf('layer_1_marks'), heat.indexOf('</g>', heat.indexOf('layer_1_marks')));
    expect(used.match(/aria-roledescription="rect mark"/g)).toHaveLength(2);
    expect(heat.match(/aria-roledescription="rect mark"/g)!.length).toBe(152 + 2); // the floor plan of 38 QPEs x 4, then the PEs in use
    expect(svg('chip-traffic')).toContain('(0,0)');
    expect(svg('energy-per-tick')).toContain('Energy per tick');
    for (const n of ['spike-raster', 'pe-utilisation', 'chip-traffic', 'energy-per-tick']) {
      const s = svgSize(svg(n));
      const p = pngSize(readFileSync(join(out, `plots/${n}.png`)));
      expect(p).toEqual({ width: Math.round(2 * s.width), height: Math.round(2 * s.height) });
    }
  });

  it('never overwrites a results folder that holds files', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'keep.txt'), 'precious');
    const again = s2sim(['run', 'examples/synfire-ring.yaml', '--out', dir]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('exists and is not empty');
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('precious');
  });

  it('--seed, --duration and --threads override the scenario; --json prints a summary; --no-plots skips plots', () => {
    const o = join(tempDir(), 'r');
    const j = s2sim(['run', 'examples/synfire-ring.yaml', '--out', o, '--seed', '9', '--duration', '30', '--threads', '2', '--json', '--no-plots']);
    expect(j.status).toBe(0);
    expect(j.stderr).toBe(''); // --json: no progress lines
    const s = JSON.parse(j.stdout);
    expect(s).toMatchObject({ seed: 9, complete: true, run: { ticks: 30, threadsRequested: 2 } });
    expect(s.counts['spikes.ring']).toBe(9); // ticks 0..29 hold the spikes at 3, 6, ..., 27 ms
    expect(existsSync(join(o, 'plots'))).toBe(false);
  });

  it('--quiet prints nothing at all', () => {
    const q = s2sim(['run', 'examples/synfire-ring.yaml', '--out', join(tempDir(), 'q'), '--quiet', '--no-plots']);
    expect(q.status).toBe(0);
    expect(q.stdout + q.stderr).toBe('');
  });
});

describe('s2sim validate, map, plugins, schema, --help (subprocess)', () => {
  it('validate accepts the example without running it', () => {
    const r = s2sim(['validate', 'examples/synfire-ring.yaml', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, plugin: 'snn', ticks: 100, pesUsed: 2 });
  });

  it('map reports pieces, SRAM per PE (as the run measures it), keys, routes and table sizes', () => {
    const m = s2sim(['map', 'examples/synfire-ring.yaml', '--json']);
    expect(m.status).toBe(0);
    const rep = JSON.parse(m.stdout);
    expect(rep.groups.map((g: { name: string; pieces: number }) => [g.name, g.pieces])).toEqual([['stim', 1], ['ring', 1]]);
    expect(rep.cyclesPerTickBudget).toBe(300e6 * 1e-3); // PL2 is 300 MHz, a tick is 1 ms
    // The SRAM the mapper predicts is what the PEs' allocators hold after loading in a real run.
    const out = join(tempDir(), 'm');
    expect(s2sim(['run', 'examples/synfire-ring.yaml', '--out', out, '--quiet', '--no-plots']).status).toBe(0);
    const prov = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    const measured = Object.fromEntries(prov.pes.map((p: { pe: string; sramUsedBytes: number }) => [p.pe, p.sramUsedBytes]));
    for (const p of rep.pes) expect(p.sramBytes).toBe(measured[p.pe]);
    const table = rep.tables[0];
    expect(table.entries).toBe(table.routes.length);
    expect(table.compressedEntries).toBeLessThanOrEqual(table.entries);
    const text = s2sim(['map', 'examples/synfire-ring.yaml', '--routes']).stdout;
    expect(text).toMatch(/Pieces \(machine graph\)/);
    expect(text).toMatch(/Routes of chip\(0,0\)/);
  });

  it('plugins lists snn with its programs and options', () => {
    const r = s2sim(['plugins', '--json']);
    expect(r.status).toBe(0);
    const snn = JSON.parse(r.stdout).find((p: { name: string }) => p.name === 'snn');
    expect(snn.programs).toContain('snn.IF_curr_exp');
    expect(snn.modelOptions.map((o: { name: string }) => o.name)).toContain('populations');
  });

  it('schema is a JSON Schema that knows the scenario fields and the snn model', () => {
    const r = s2sim(['schema']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.$schema).toMatch(/json-schema\.org/);
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.properties.run.properties)).toEqual(expect.arrayContaining(['durationMs', 'ticks', 'timestepMs', 'seed', 'threads']));
    expect(s.properties.plugin.enum).toContain('snn');
    const model = s.allOf === undefined ? s.properties.model : s.allOf.find((b: { if: { properties: { plugin: { const: string } } } }) => b.if.properties.plugin.const === 'snn').then.properties.model;
    // the snn model is a PyNN network or a NIR file: one of the forms has populations
    const forms = model.anyOf ?? model.oneOf ?? [model];
    expect(forms.some((f: { properties?: { populations?: { type: string } } }) => f.properties?.populations?.type === 'array')).toBe(true);
  });

  it('every command has --help with an example', async () => {
    const cmds = [[], ['run'], ['map'], ['validate'], ['plugins'], ['schema'], ['nir', 'inspect'], ['report'], ['new', 'plugin']];
    const runs = await Promise.all(cmds.map((cmd) => s2simP([...cmd, '--help'])));
    runs.forEach((r, i) => {
      expect(r.status, cmds[i].join(' ')).toBe(0);
      expect(r.stdout, cmds[i].join(' ')).toMatch(/Examples?:\n {2}s2sim /);
    });
  });

  it('an unknown option is bad input: exit 2', () => {
    const r = s2sim(['run', 'examples/synfire-ring.yaml', '--sed', '3']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--sed'/);
  });
});
