import type { SnnMappingReport } from '@s2sim/snn';

/** The SNN mapping's stage timings as bench metrics (map<Stage>S). */
export function stageMetrics(stages: SnnMappingReport['stageSeconds']): Record<string, number> {
  return Object.fromEntries(Object.entries(stages).map(([k, v]) => [`map${k[0].toUpperCase()}${k.slice(1)}S`, v]));
}
