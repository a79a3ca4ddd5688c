import type { Simulation } from '@s2sim/actors';

/** The totals of a run's provenance that a user reads first; the full per-PE list goes to provenance.json. */
export function provenanceSummary(prov: ReturnType<Simulation['provenance']>) {
  const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);
  return {
    pesUsed: prov.pes.length,
    timerOverruns: sum(prov.pes, (p) => p.timerOverruns),
    pesWithOverruns: prov.pes.filter((p) => p.timerOverruns > 0).map((p) => p.pe),
    faulted: prov.pes.filter((p) => p.state === 'faulted').map((p) => p.pe),
    maxSramUsedBytes: Math.max(0, ...prov.pes.map((p) => p.sramUsedBytes)),
    maxBusyCyclesPerTick: Math.max(0, ...prov.pes.map((p) => p.maxBusyCycles)),
    multicastRouted: sum(prov.routers, (r) => r.localMulticast),
    packetsDropped: sum(prov.routers, (r) => r.droppedNoRoute + r.droppedNoLink + r.droppedLoop + r.droppedNoTarget) + sum(prov.pes, (p) => p.mailboxOverflows),
    tableEntries: sum(prov.routers, (r) => r.tableEntries),
  };
}
