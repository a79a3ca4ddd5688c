import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { energyModelSchema } from './energyModel';
import { workloadDrivenParamsSchema } from './workloadDrivenPolicy';
import { parameterTable } from './parameterTable';

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  it('documents every parameter as the schemas declare it', () => {
    expect(readme).toContain(parameterTable(energyModelSchema));
    expect(readme).toContain(parameterTable(workloadDrivenParamsSchema));
  });
  it('every energy and policy default names a source or says "assumption"', () => {
    for (const schema of [energyModelSchema, workloadDrivenParamsSchema])
      for (const [key, field] of Object.entries(schema.shape)) {
        const d = (field as { description?: string }).description ?? '';
        if (['cyclesPerPacket', 'baseCycles', 'processing'].includes(key)) continue; // switches, not numbers of the machine
        expect(d, key).toMatch(/assumption|\[[A-Z0-9, ]+\]/);
      }
  });
});
