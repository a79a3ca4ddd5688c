/**
 * Brunel (2000) Fig. 8C in s2sim and in Brian2 (C++ standalone): mean rates and mean CV of inter-spike intervals
 * per population after a transient, compared within stated tolerances. Not run by CI (minutes); run by hand:
 *
 *   npx tsx plugins/snn/validation/brunelCompare.ts [scale=1] [durationMs=1000] [threads=1]
 *
 * Tolerances: rates within 15 % of Brian2's, CVs within 0.15 (absolute). Both networks are random draws of the same
 * ensemble (different connectivity and Poisson streams), so they agree in statistics, not spike by spike.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machinePreset } from '@s2sim/hardware';
import { runPlugin } from '@s2sim/actors';
import { brunelModel, rateAndCv, snnModelSchema, snnPlugin, type SnnModel } from '../src/index';

export const RATE_TOLERANCE = 0.15;
export const CV_TOLERANCE = 0.15;

const scale = Number(process.argv[2] ?? 1);
const durationMs = Number(process.argv[3] ?? 1000);
const threads = Number(process.argv[4] ?? 1);
const transientMs = Math.min(200, durationMs / 4);
const { timestepMs, poissonSources, ...model } = brunelModel({ scale });
const dir = mkdtempSync(join(tmpdir(), 's2sim-brunel-'));
const specFile = join(dir, 'brunel.json');
writeFileSync(specFile, JSON.stringify({ timestepMs, durationMs, poissonSources, model }));

const script = fileURLToPath(new URL('./brian2_network.py', import.meta.url));
const brian = JSON.parse(execFileSync('/usr/bin/python3', [script, specFile, '--device', 'cpp_standalone', '--threads', String(threads), '--build-dir', join(dir, 'standalone')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 30 }));

const t0 = performance.now();
const ours = runPlugin(snnPlugin, snnModelSchema.parse(model) as unknown as SnnModel, { machine: machinePreset('chip'), ticks: Math.round(durationMs / timestepMs), tickNs: timestepMs * 1e6, seed: 1 });
const oursWallS = (performance.now() - t0) / 1000;

const rows: Array<Record<string, number | string | boolean>> = [];
for (const pop of ['exc', 'inh']) {
  const size = ours.result.sizes[pop];
  const a = rateAndCv(ours.result.spikes[pop].neurons, ours.result.spikes[pop].timesMs, size, transientMs, durationMs);
  const b = rateAndCv(brian.spikes[pop].neurons, brian.spikes[pop].timesMs, size, transientMs, durationMs);
  rows.push({
    population: pop, s2simRateHz: +a.rateHz.toFixed(2), brian2RateHz: +b.rateHz.toFixed(2), s2simCv: +a.cv.toFixed(3), brian2Cv: +b.cv.toFixed(3),
    rateOk: Math.abs(a.rateHz - b.rateHz) <= RATE_TOLERANCE * b.rateHz, cvOk: Math.abs(a.cv - b.cv) <= CV_TOLERANCE,
  });
}
const events = ours.result.provenance.synapticEvents;
console.table(rows);
console.log(JSON.stringify({ scale, durationMs, transientMs, s2simWallS: +oursWallS.toFixed(2), brian2WallS: +brian.wallSeconds.toFixed(2), brian2RunS: brian.runSeconds, s2simSynapticEvents: events, s2simEventsPerS: Math.round(events / oursWallS), rows }));
if (rows.some((r) => !r.rateOk || !r.cvOk)) process.exitCode = 1;
