import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PluginRegistry, type PluginDefinition } from '@s2sim/actors';
import { snnPlugin } from '@s2sim/snn';
import { BadInputError } from './inputErrors';

/** Where an installed plugin came from, for `s2sim plugins`. */
export interface InstalledPlugin {
  plugin: PluginDefinition;
  source: string;
}

/** The repository's own plugins folder: plugins made with `s2sim new plugin` land here and are found without a list. */
const WORKSPACE_PLUGINS = resolve(new URL('../../../plugins', import.meta.url).pathname);

/**
 * Folders searched for plugin packages: the workspace's plugins/ and every folder in S2SIM_PLUGIN_PATH. A package
 * is a plugin when its package.json has `"s2sim": { "plugin": "<export name>" }`; built-in plugins are imported
 * directly so the CLI works without scanning anything.
 */
function pluginFolders(): string[] {
  const extra = (process.env.S2SIM_PLUGIN_PATH ?? '').split(delimiter).filter(Boolean).map((p) => resolve(p));
  return [WORKSPACE_PLUGINS, ...extra];
}

async function discovered(): Promise<InstalledPlugin[]> {
  const out: InstalledPlugin[] = [];
  for (const folder of pluginFolders()) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      const pkgFile = join(folder, name, 'package.json');
      if (!existsSync(pkgFile)) continue;
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name?: string; exports?: Record<string, string>; s2sim?: { plugin?: string } };
      const exportName = pkg.s2sim?.plugin;
      if (!exportName) continue;
      const entry = join(folder, name, pkg.exports?.['.'] ?? 'src/index.ts');
      const mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
      const plugin = mod[exportName] as PluginDefinition | undefined;
      if (!plugin || typeof plugin.map !== 'function') {
        throw new BadInputError(pkgFile, 's2sim.plugin', `'${entry}' exports no plugin named '${exportName}'`, 'export the definePlugin(...) result under that name');
      }
      // Worker threads import the plugin's module to find its programs (needed for --threads > 1).
      out.push({ plugin: plugin.module ? plugin : { ...plugin, module: pathToFileURL(entry).href }, source: `${pkg.name ?? name} (${join(folder, name)})` });
    }
  }
  return out;
}

/** Every plugin this CLI can run: the built-in ones first, then those discovered in plugin folders. */
export async function installedPluginList(): Promise<InstalledPlugin[]> {
  const list: InstalledPlugin[] = [{ plugin: snnPlugin.module ? snnPlugin : { ...snnPlugin, module: '@s2sim/snn' }, source: '@s2sim/snn (built in)' }];
  for (const p of await discovered()) if (!list.some((q) => q.plugin.name === p.plugin.name)) list.push(p);
  return list;
}

/** The registry of installed plugins, by name. */
export async function installedPlugins(): Promise<PluginRegistry> {
  const registry = new PluginRegistry();
  for (const { plugin } of await installedPluginList()) registry.register(plugin);
  return registry;
}
