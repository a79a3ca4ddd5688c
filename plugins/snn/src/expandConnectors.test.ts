import { describe, expect, it } from 'vitest';
import { expandConnector } from './connectors';
import { expandConnectors } from './expandConnectors';
import { populationSchema, projectionSchema, type Population, type Projection } from './model';
import { SnnMappingError } from './errors';

const pop = (name: string, size: number) => populationSchema.parse({ name, size, model: 'IF_curr_exp' }) as unknown as Population;
const proj = (pre: string, post: string, connector: unknown, extra: Record<string, unknown> = {}) => projectionSchema.parse({ pre, post, connector, ...extra }) as Projection;

describe('expandConnectors over worker threads', () => {
  const pops = new Map([pop('a', 300), pop('b', 200)].map((p) => [p.name, p]));
  const projections = [
    proj('a', 'b', { type: 'fixedProbability', p_connect: 0.1 }, { weight: { normal: { mean: 1, std: 0.2 }, min: 0 }, delay: { normal: { mean: 1.5, std: 0.75 }, min: 0.1 } }),
    proj('b', 'a', { type: 'fixedNumberPost', n: 20 }, { delay: { uniform: { low: 0.1, high: 3 } } }),
    proj('a', 'a', { type: 'fixedNumberPre', n: 15 }, { weight: { uniform: { low: 0, high: 2 } } }),
    proj('b', 'b', { type: 'allToAll' }),
  ];

  it('three threads give each projection the bits that expanding it alone on this thread gives', { timeout: 30_000 }, () => {
    const par = expandConnectors(projections, pops, 11, 0.1, { threads: 3, minDrawsForThreads: 0 });
    projections.forEach((p, i) => {
      const one = expandConnector(p, pops.get(p.pre)!, pops.get(p.post)!, i, 11, 0.1);
      expect(par[i].length).toBe(one.length);
      expect(par[i].pre).toEqual(one.pre);
      expect(par[i].weight).toEqual(one.weight);
      expect(par[i].delayTicks).toEqual(one.delayTicks);
      expect(par[i].postStart).toEqual(one.postStart);
      expect([par[i].minDelayTicks, par[i].maxDelayTicks, par[i].delaysRaisedToOneStep]).toEqual([one.minDelayTicks, one.maxDelayTicks, one.delaysRaisedToOneStep]);
    });
  });

  it("a worker's mapping error reaches the host as an SnnMappingError with its message and hint", { timeout: 30_000 }, () => {
    // The larger projection goes to this thread, the cheap bad one to the worker.
    const bad = [projections[0], proj('a', 'b', { type: 'oneToOne' })];
    let err: unknown;
    try {
      expandConnectors(bad, pops, 1, 0.1, { threads: 2, minDrawsForThreads: 0 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SnnMappingError);
    expect((err as SnnMappingError).message).toBe('projections[1] (a -> b): oneToOne needs equal sizes, got 300 and 200. Hint: use populations of the same size.');
    expect((err as SnnMappingError).hint).toBe('use populations of the same size');
  });
});
