import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, s2simP, tempDir } from './s2sim';

/**
 * `s2sim new plugin` makes a package that works as generated: it is placed in a temporary plugins folder inside
 * the workspace (so @s2sim/* resolve as for any plugin), its own test passes, it typechecks, and the CLI finds,
 * maps and runs it through S2SIM_PLUGIN_PATH.
 */
describe('s2sim new plugin (subprocess)', () => {
  const base = join(root, 'apps/cli/.generated');
  mkdirSync(base, { recursive: true });
  const work = mkdtempSync(join(base, 'ws-'));
  const plugins = join(work, 'plugins');
  const dir = join(plugins, 'heart-beat');
  const env = { S2SIM_PLUGIN_PATH: plugins };
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('creates the package, refuses to overwrite it, and rejects a bad name', async () => {
    const r = await s2simP(['new', 'plugin', 'heart-beat', '--dir', dir]);
    expect(r.status).toBe(0);
    for (const f of ['package.json', 'tsconfig.json', 'README.md', 'example.yaml', 'src/index.ts', 'src/plugin.ts', 'src/plugin.test.ts']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).s2sim.plugin).toBe('heartBeatPlugin');
    const again = await s2simP(['new', 'plugin', 'heart-beat', '--dir', dir]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/exists and is not empty/);
    const bad = await s2simP(['new', 'plugin', 'Heart_Beat', '--dir', join(tempDir(), 'x')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a plugin name.*Hint:/);
  });

  it('its own test passes and it typechecks', () => {
    const vitest = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir], { cwd: dir, encoding: 'utf8' });
    expect(vitest.stdout + vitest.stderr).toMatch(/2 passed/);
    expect(vitest.status).toBe(0);
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(tsc.stdout).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('the CLI lists it, maps it (4 beat entries compress to 1) and runs its example', async () => {
    const out = join(tempDir(), 'beats');
    const [list, map, run] = await Promise.all([
      s2simP(['plugins', '--json'], { env }),
      s2simP(['map', join(dir, 'example.yaml'), '--json'], { env }),
      s2simP(['run', join(dir, 'example.yaml'), '--out', out, '--json', '--no-plots'], { env }),
    ]);
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout).map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['snn', 'heart-beat']));
    expect(map.status).toBe(0);
    const rep = JSON.parse(map.stdout);
    expect(rep.pesUsed).toBe(4);
    expect(rep.keys.map((k: { key: string }) => k.key)).toEqual(['0x00000000', '0x00000100', '0x00000200', '0x00000300']);
    // keys 0x000..0x300 under mask 0xffffff00, all routed to the same 4 PEs: one entry (mask 0xfffffc00) covers them.
    expect(rep.tables[0].entries).toBe(4);
    if (rep.compressor) expect(rep.tables[0].compressedEntries).toBe(1);
    expect(run.status).toBe(0);
    const s = JSON.parse(run.stdout);
    // 4 PEs beat at ticks 0, 2, ..., 18 (10 beats each); every PE receives every beat.
    expect(s.counts).toEqual({ beatsSent: 40, beatsReceived: 160 });
    expect(readFileSync(join(out, 'beats.csv'), 'utf8').trim().split('\n')).toEqual(['pe,sent,received', '0,10,40', '1,10,40', '2,10,40', '3,10,40']);
  });
});
