import { z } from 'zod';
import type { PerformanceLevel } from '@s2sim/hardware';
import { fixedLevelPolicy, type DvfsPolicy } from './dvfsPolicy';
import { workloadDrivenPolicy, workloadDrivenParamsSchema } from './workloadDrivenPolicy';

/** Bad DVFS input (an unknown policy, a bad parameter, a level that does not exist): says which field and what to do. */
export class DvfsPolicyError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly hint: string,
  ) {
    super(`${field}: ${message} (${hint})`);
    this.name = 'DvfsPolicyError';
  }
}

export const fixedParamsSchema = z
  .object({ level: z.union([z.number().int().nonnegative(), z.string()]).optional().describe('level index or name; default: the highest') })
  .strict();

/** A scenario's `dvfs` section: `{ policy: 'fixed', level: 'PL1' }`, `{ policy: 'workload', marginFraction: 0.1 }`, or a registered name. */
export const dvfsPolicySpecSchema = z.looseObject({ policy: z.string().describe('fixed, workload, or the name a plugin registered') });
export type DvfsPolicySpec = z.infer<typeof dvfsPolicySpecSchema>;

export type DvfsPolicyFactory = (params: Record<string, unknown>, levels: readonly PerformanceLevel[]) => DvfsPolicy;

function zodMessage(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ');
}

/**
 * The DVFS slot's choices, by name: the built-in `fixed` and `workload` (H19) policies, and any a plugin registers.
 * One registry per run (no global state): plugins add theirs to the run's registry.
 */
export class DvfsPolicyRegistry {
  private readonly factories = new Map<string, DvfsPolicyFactory>();

  constructor() {
    this.register('fixed', (params, levels) => {
      const { level } = fixedParamsSchema.parse(params);
      if (level === undefined) return fixedLevelPolicy();
      const i = typeof level === 'number' ? level : levels.findIndex((l) => l.name === level);
      if (i < 0 || i >= levels.length) throw new DvfsPolicyError('dvfs.level', `no performance level ${JSON.stringify(level)}`, `this machine's levels are ${levels.map((l) => l.name).join(', ')}`);
      return fixedLevelPolicy(i);
    });
    this.register('workload', (params) => workloadDrivenPolicy(workloadDrivenParamsSchema.parse(params)));
  }

  register(name: string, factory: DvfsPolicyFactory): this {
    if (this.factories.has(name)) throw new DvfsPolicyError('dvfs.policy', `a policy named '${name}' is already registered`, 'give the plugin policy another name');
    this.factories.set(name, factory);
    return this;
  }

  get names(): string[] {
    return [...this.factories.keys()];
  }

  /** Builds the policy a spec names; every error names the field and gives a hint. */
  create(spec: unknown, levels: readonly PerformanceLevel[]): DvfsPolicy {
    const parsed = dvfsPolicySpecSchema.safeParse(spec);
    if (!parsed.success) throw new DvfsPolicyError('dvfs', zodMessage(parsed.error), `write e.g. { policy: 'workload' }; policies: ${this.names.join(', ')}`);
    const { policy, ...params } = parsed.data;
    const factory = this.factories.get(policy);
    if (!factory) throw new DvfsPolicyError('dvfs.policy', `unknown policy '${policy}'`, `policies: ${this.names.join(', ')}`);
    try {
      return factory(params, levels);
    } catch (e) {
      if (e instanceof z.ZodError) throw new DvfsPolicyError(`dvfs (${policy})`, zodMessage(e), 'see the policy parameters in packages/power/README.md');
      throw e;
    }
  }
}

/**
 * A built-in policy from a scenario's `dvfs` section, without knowing the levels yet: parameters are checked now,
 * a level name when the kernel first asks (it does so at construction). Being a plain export called with JSON
 * arguments, it also crosses to worker threads: `{ module: '@s2sim/power', export: 'dvfsPolicyFromSpec', args: [spec] }`.
 */
export function dvfsPolicyFromSpec(spec: unknown): DvfsPolicy {
  const registry = new DvfsPolicyRegistry();
  const parsed = dvfsPolicySpecSchema.safeParse(spec);
  if (!parsed.success) throw new DvfsPolicyError('dvfs', zodMessage(parsed.error), `write e.g. { policy: 'workload' }; policies: ${registry.names.join(', ')}`);
  const { policy, ...params } = parsed.data;
  if (policy === 'workload') return registry.create(spec, []); // needs no levels: built (and checked) now
  if (policy !== 'fixed') throw new DvfsPolicyError('dvfs.policy', `unknown policy '${policy}'`, `policies: ${registry.names.join(', ')}`);
  const checked = fixedParamsSchema.safeParse(params);
  if (!checked.success) throw new DvfsPolicyError('dvfs (fixed)', zodMessage(checked.error), 'level is a level index or name');
  let built: DvfsPolicy | undefined;
  return {
    get name() {
      return built?.name ?? `fixed(${checked.data.level ?? 'top'})`;
    },
    chooseLevel(sample, levels, tickNs, current) {
      built ??= registry.create(spec, levels);
      return built.chooseLevel(sample, levels, tickNs, current);
    },
  };
}
