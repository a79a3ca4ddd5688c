import type { PluginDefinition } from './plugin';
import { ProgramRegistry } from './programRegistry';

/** Installed plugins by name, and all their PE programs by name. */
export class PluginRegistry {
  private readonly plugins = new Map<string, PluginDefinition>();
  readonly programs = new ProgramRegistry();

  register(plugin: PluginDefinition<any, any, any>): this {
    if (this.plugins.has(plugin.name)) throw new Error(`plugin '${plugin.name}' is registered twice`);
    this.plugins.set(plugin.name, plugin);
    for (const p of plugin.programs) this.programs.register(p);
    return this;
  }

  get(name: string): PluginDefinition {
    const p = this.plugins.get(name);
    if (!p) throw new Error(`no plugin named '${name}' (installed: ${this.names.join(', ') || 'none'})`);
    return p;
  }

  has(name: string): boolean {
    return this.plugins.has(name);
  }

  get names(): string[] {
    return [...this.plugins.keys()];
  }
}
