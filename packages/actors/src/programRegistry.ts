import type { PeProgram } from './program';

/** Programs by name, so that a machine image refers to code by a string that any worker can resolve. */
export class ProgramRegistry {
  private readonly programs = new Map<string, PeProgram>();

  register(program: PeProgram<any>): this {
    const existing = this.programs.get(program.name);
    if (existing && existing !== program) throw new Error(`two different programs are named '${program.name}'`);
    this.programs.set(program.name, program as PeProgram);
    return this;
  }

  get(name: string): PeProgram {
    const p = this.programs.get(name);
    if (!p) throw new Error(`no PE program named '${name}' is registered (known: ${[...this.programs.keys()].join(', ') || 'none'})`);
    return p;
  }

  get names(): string[] {
    return [...this.programs.keys()];
  }
}
