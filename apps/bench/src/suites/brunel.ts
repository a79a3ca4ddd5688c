import { Brian2TimeoutError, ensureBrian2, runBrian2Brunel, type BrunelParams } from '../brian2Runner';
import { caseMetrics } from '../measure';
import { startPeakProbe } from '../peakMemory';
import { s2simBrunel, type S2simBrunelResult } from '../s2simBrunel';
import { scalingMetrics, scalingThreadCounts } from '../scaling';
import { median } from '../stats';
import type { BenchRow, NamedSuite, SuiteOptions } from '../types';

/**
 * Side by side on Brunel (2000) Fig. 8C: s2sim (@s2sim/snn's brunelModel on one chip, this thread), Brian2 in
 * runtime mode (Cython) and Brian2 C++ standalone (OpenMP at each thread count), all in the same run. Times are each
 * simulator's own simulation loop (mapping, set-up and compilation reported apart), so the ratios compare simulation
 * speed on the same network.
 */
async function brian2Row(label: string, p: BrunelParams): Promise<BenchRow> {
  process.stderr.write(`bench brunel: ${label} (${p.repeat} runs)\n`);
  let r;
  try {
    r = await runBrian2Brunel(p);
  } catch (e) {
    if (e instanceof Brian2TimeoutError) return { name: label, metrics: {}, notes: `not measured: ${e.message}` };
    throw e;
  }
  const metrics = caseMetrics(r.runSamplesS, {
    bioS: r.bioS,
    events: r.synapticEvents,
    metrics: {
      wallPerBioS: r.wallPerBioS,
      ...(r.cpuSamplesS?.length ? { cpuMedianS: median(r.cpuSamplesS) } : {}),
      setupS: r.setupS,
      ...(r.buildS !== null ? { buildS: r.buildS } : {}),
      rateEHz: r.rateEHz,
      rateIHz: r.rateIHz,
      synapses: r.synapses,
      neurons: r.nE + r.nI,
      peakRssMiB: r.peakRssMiB,
    },
  });
  const how = r.buildS !== null
    ? 'simulation loop of the compiled binary (compile etc. in buildS); CPU and peak RSS of the whole binary, loading included'
    : 'simulation loop after a 1 ms warm-up that generates the code; CPU of that loop, peak RSS of the Python process';
  const omp = r.ompWaitPolicy ? `; OMP_WAIT_POLICY ${r.ompWaitPolicy}` : '';
  return { name: label, metrics, notes: `Brian2 ${r.brian2Version} (${r.codegenTarget}); wall = ${how}${omp}` };
}

async function s2simRow(label: string, p: { scale: number; durationMs: number; seed: number; repeat: number; warmup: boolean }): Promise<BenchRow> {
  const ours = await s2simBrunel();
  if (!ours.ok) return { name: label, metrics: {}, notes: ours.reason };
  process.stderr.write(`bench brunel: ${label} (${p.repeat} runs${p.warmup ? ' after a warm-up' : ''})\n`);
  if (p.warmup) ours.run(p);
  const probe = startPeakProbe();
  const runs: S2simBrunelResult[] = [];
  for (let i = 0; i < p.repeat; i++) runs.push(ours.run(p));
  const peak = probe.stop();
  const last = runs[runs.length - 1];
  const bioS = p.durationMs / 1000;
  const metrics = caseMetrics(
    runs.map((r) => r.runS),
    {
      bioS,
      events: last.synapticEvents,
      metrics: { wallPerBioS: median(runs.map((r) => r.runS)) / bioS, cpuMedianS: median(runs.map((r) => r.cpuS)), setupS: median(runs.map((r) => r.setupS)), rateEHz: last.rateEHz, rateIHz: last.rateIHz, synapses: last.synapses, neurons: last.neurons },
    },
    peak.peakRssMiB,
    probe.startRssMiB,
  );
  return { name: label, metrics, notes: 'brunelModel() on one chip (machine preset chip), one thread; wall = Simulation.run alone (mapping and loading in setupS)' };
}

async function run(opts: SuiteOptions): Promise<BenchRow[]> {
  const scale = opts.quick ? 0.1 : 1;
  // Full: 0.5 s of biological time (rates settle within 0.1 s); rates and costs are reported per biological second.
  const durationMs = opts.quick ? 200 : 500;
  const shape = `${12500 * scale} neurons, ${durationMs} ms`;
  const rows: BenchRow[] = [];

  const ours = await s2simRow(`s2sim, Brunel ${shape}`, { scale, durationMs, seed: 1, repeat: opts.repeat, warmup: opts.quick });
  rows.push(ours);

  const brian = ensureBrian2();
  if (!brian.ok) {
    rows.push({ name: `Brian2 Brunel ${shape}`, metrics: {}, notes: `not measured: ${brian.reason}` });
    return rows;
  }
  // Time limits per Brian2 process: generous for a loaded machine, but a pathological case must not stall the bench.
  const base = { scale, durationMs, dtMs: 0.1, seed: 1, threads: 1, repeat: opts.repeat, timeoutS: opts.quick ? 120 : 900 };
  const rt = await brian2Row(`Brian2 runtime, Brunel ${shape}`, { ...base, device: 'runtime' });
  if (brian.installed) rt.notes += ' (Brian2 installed by this run with apt-get)';
  rows.push(rt);
  const ratios: Record<string, number> = {};
  // Wall-time ratios, and CPU-time ratios (*Cpu), which hold up better on a machine that others load too.
  const ratio = (name: string, theirs: BenchRow) => {
    if (ours.metrics.wallMedianS > 0 && theirs.metrics.wallMedianS > 0) ratios[name] = theirs.metrics.wallMedianS / ours.metrics.wallMedianS;
    if (ours.metrics.cpuMedianS > 0 && theirs.metrics.cpuMedianS > 0) ratios[`${name}Cpu`] = theirs.metrics.cpuMedianS / ours.metrics.cpuMedianS;
  };
  ratio('speedVsBrian2Runtime', rt);
  let oneThreadS = NaN;
  // Each OpenMP thread count is its own compiled project (about 25 s to build here): --quick keeps to one thread.
  for (const n of opts.quick ? [1] : scalingThreadCounts(opts.threads)) {
    const sa = await brian2Row(`Brian2 cpp_standalone, Brunel ${shape} [${n} thread${n > 1 ? 's' : ''}]`, { ...base, device: 'cpp_standalone', threads: n });
    rows.push(sa);
    if (sa.metrics.wallMedianS === undefined) continue;
    ratio(`speedVsBrian2Standalone${n}T`, sa);
    if (n === 1) oneThreadS = sa.metrics.wallMedianS;
    if (!(oneThreadS > 0)) continue;
    sa.metrics = { threads: n, ...sa.metrics, ...scalingMetrics(oneThreadS, sa.metrics.wallMedianS, n) };
    sa.scaling = { group: 'Brian2 cpp_standalone Brunel (OpenMP)', threads: n };
  }
  if (Object.keys(ratios).length) {
    ours.metrics = { ...ours.metrics, ...ratios };
    ours.notes += '; speedVs* = Brian2 wall / s2sim wall, speedVs*Cpu = the same with CPU seconds (> 1: s2sim faster), s2sim on one thread';
  }
  return rows;
}

export const suite: NamedSuite = {
  name: 'brunel',
  description:
    'Brunel (2000) Fig. 8C balanced network side by side: s2sim (brunelModel, one chip, one thread) against Brian2 runtime and C++ standalone (apps/bench/brian2/brunel.py), same network and scaling rule; quick: 1,250 neurons (scale 0.1, in-degrees 1000/250, so all-to-all) for 0.2 s, full: 12,500 neurons for 0.5 s; dt 0.1 ms; C++ standalone at every --threads count (quick: 1 thread only). Events = recurrent synaptic events. speedVs* = Brian2 wall / s2sim wall (> 1: s2sim faster).',
  run,
};
