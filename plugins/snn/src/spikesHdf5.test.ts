import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { h5wasm } from './h5';
import { snnOutputs, type SnnResult } from './results';

describe('spike output files', () => {
  const result: SnnResult = {
    timestepMs: 0.5, ticks: 40, sizes: { exc: 3 }, state: {},
    spikes: { exc: { neurons: Int32Array.from([2, 0, 2]), timesMs: Float64Array.from([1.5, 3, 7.5]) } },
    provenance: { ringSaturations: 0, dmaRowReads: 0, dmaWords: 0, ghostPackets: 0, synapticEvents: 0 },
  };
  const files = snnOutputs(result);

  it('CSV: spikes/<population>.csv with neuron,time_ms', () => {
    expect(files.find((f) => f.path === 'spikes/exc.csv')!.content).toBe('neuron,time_ms\n2,1.5\n0,3\n2,7.5\n');
  });

  it('HDF5 in NIRData EventData layout: idx, time in seconds, n_neurons, t_max', () => {
    const bytes = files.find((f) => f.path === 'spikes.h5')!.content as Uint8Array;
    const path = join(mkdtempSync(join(tmpdir(), 's2sim-h5-test-')), 'spikes.h5');
    writeFileSync(path, bytes);
    const f = new h5wasm.File(path, 'r');
    const g = 'node/nodes/exc/observables/spikes';
    const get = (k: string) => (f.get(`${g}/${k}`) as { value: unknown }).value;
    expect(get('type')).toBe('EventData');
    expect(Array.from(get('idx') as BigInt64Array, Number)).toEqual([2, 0, 2]);
    expect(Array.from(get('time') as Float64Array)).toEqual([0.0015, 0.003, 0.0075]);
    expect(Number(get('n_neurons') as bigint)).toBe(3);
    expect(get('t_max')).toBeCloseTo(0.02, 12);
    f.close();
  });
});
