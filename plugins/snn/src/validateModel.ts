import { cellTypeByName } from './cells';
import { SnnMappingError } from './errors';
import type { NeuronPopulation, SnnModel } from './model';
import { isSource } from './splitPopulations';

/** Checks what the schema cannot: unique names, known populations, per-neuron arrays and recordables that exist. */
export function validateModel(model: SnnModel): void {
  const seen = new Set<string>();
  model.populations.forEach((pop, i) => {
    const where = `populations[${i}] ('${pop.name}')`;
    if (seen.has(pop.name)) throw new SnnMappingError(`${where}: the name is used twice`, 'give every population its own name');
    seen.add(pop.name);
    if (isSource(pop)) return;
    const np = pop as NeuronPopulation;
    const cell = cellTypeByName.get(pop.model)!;
    for (const [k, v] of Object.entries(np.params)) {
      if (Array.isArray(v) && v.length !== pop.size) throw new SnnMappingError(`${where}: params.${k} has ${v.length} values for ${pop.size} neurons`, 'give one value, or one per neuron');
    }
    for (const r of pop.record) {
      if (r !== 'spikes' && !cell.stateFields.includes(r)) {
        throw new SnnMappingError(`${where}: cannot record '${r}' of a ${pop.model}`, `recordable: spikes, ${cell.stateFields.join(', ')}`);
      }
    }
    if (pop.record.includes('spikes') && !cell.spiking) throw new SnnMappingError(`${where}: a ${pop.model} does not spike`, "record 'v' instead");
    for (const g of np.record_indices ?? []) if (g >= pop.size) throw new SnnMappingError(`${where}: record_indices has ${g}, outside 0..${pop.size - 1}`, 'neuron indices start at 0');
  });
  model.projections.forEach((proj, i) => {
    const where = `projections[${i}] (${proj.pre} -> ${proj.post})`;
    const pre = model.populations.find((p) => p.name === proj.pre);
    const post = model.populations.find((p) => p.name === proj.post);
    if (!pre) throw new SnnMappingError(`${where}: no population named '${proj.pre}'`, 'define it under populations');
    if (!post) throw new SnnMappingError(`${where}: no population named '${proj.post}'`, 'define it under populations');
    if (isSource(post)) throw new SnnMappingError(`${where}: '${post.name}' is a ${post.model} and takes no input`, 'connect into a neuron population');
    if (!isSource(pre) && !cellTypeByName.get(pre.model)!.spiking) throw new SnnMappingError(`${where}: '${pre.name}' is a ${pre.model}, which does not spike`, 'project from a spiking population');
  });
}
