import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { s2simAsync, tempDir } from './s2sim';

describe('Ctrl-C during a run (subprocess)', () => {
  it('stops cleanly, keeps what was recorded, marks it incomplete and exits 1', async () => {
    const out = join(tempDir(), 'cut');
    // 10^7 ticks would take minutes: the test interrupts it once the run reports progress.
    const p = s2simAsync(['run', 'examples/synfire-ring.yaml', '--duration', '10000000', '--out', out, '--no-plots']);
    let stderr = '';
    let stdout = '';
    p.stdout.on('data', (d) => (stdout += d));
    const sent = new Promise<void>((resolve) => {
      p.stderr.on('data', (d) => {
        stderr += d;
        if (/s2sim: tick \d+\/10000000/.test(stderr) && !p.killed) {
          setTimeout(() => {
            p.kill('SIGINT');
            resolve();
          }, 300);
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => p.on('close', resolve));
    await sent;
    expect(code).toBe(1);
    expect(stdout).toMatch(/interrupted 'synfire-ring'/);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.complete).toBe(false);
    expect(result.stoppedBy).toMatch(/interrupt/);
    expect(result.run.ticks).toBeGreaterThan(0);
    expect(result.run.ticks).toBeLessThan(10_000_000);
    expect(result.run.ticksRequested).toBe(10_000_000);
    // What was recorded up to the stop is there, and it is the ring's pattern: one spike every 3 ms.
    const rows = readFileSync(join(out, 'spikes/ring.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.length).toBe(Math.floor((result.run.ticks - 1) / 3)); // spikes at 3k ms lie in ticks 0 .. ticks-1
    rows.forEach((row, k) => expect(row).toBe(`${k % 20},${3 * (k + 1)}`));
    expect(existsSync(join(out, 'energy-per-tick.csv'))).toBe(true);
  });
});
