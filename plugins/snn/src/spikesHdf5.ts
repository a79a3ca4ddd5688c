import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { h5wasm } from './h5';
import type { SnnResult } from './results';

/**
 * Spike trains as HDF5 in the layout of NIRData's EventData (neuromorphs/NIR `nir.data_ir`): for each recorded
 * population `node/nodes/<population>/observables/spikes/` with `type = "EventData"`, `idx` (neuron, int64, shape
 * [1, spikes]), `time` (seconds, float64, [1, spikes]), `n_neurons` and `t_max` (seconds); one sample.
 */
export function spikesToNirHdf5(result: SnnResult): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 's2sim-h5-'));
  const path = join(dir, 'spikes.h5');
  try {
    const f = new h5wasm.File(path, 'w');
    f.create_dataset({ name: 'version', data: 'nirdata-0.1' });
    const root = f.create_group('node');
    root.create_dataset({ name: 'type', data: 'NIRGraphData' });
    const nodes = root.create_group('nodes');
    for (const [name, train] of Object.entries(result.spikes)) {
      const g = nodes.create_group(name).create_group('observables').create_group('spikes');
      g.create_dataset({ name: 'type', data: 'EventData' });
      g.create_dataset({ name: 'idx', data: BigInt64Array.from(train.neurons, (x) => BigInt(x)), shape: [1, train.neurons.length], dtype: '<q' });
      g.create_dataset({ name: 'time', data: Float64Array.from(train.timesMs, (t) => t / 1000), shape: [1, train.timesMs.length], dtype: '<d' });
      g.create_dataset({ name: 'n_neurons', data: BigInt64Array.from([BigInt(result.sizes[name])]), shape: [], dtype: '<q' });
      g.create_dataset({ name: 't_max', data: Float64Array.from([(result.ticks * result.timestepMs) / 1000]), shape: [], dtype: '<d' });
    }
    f.close();
    return new Uint8Array(readFileSync(path));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
