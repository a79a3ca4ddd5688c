import { PluginRegistry } from '@s2sim/actors';
import { snnPlugin } from '@s2sim/snn';

/** The plugins this CLI knows by name. */
export function installedPlugins(): PluginRegistry {
  return new PluginRegistry().register(snnPlugin);
}
