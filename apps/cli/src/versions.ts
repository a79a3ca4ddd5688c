import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { VERSION } from './version';

const repoRoot = new URL('../../../', import.meta.url).pathname;

function workspaceVersion(path: string): string | undefined {
  try {
    return JSON.parse(readFileSync(new URL(`../../../${path}/package.json`, import.meta.url), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** What ran: the CLI and package versions, Node, and the git commit of the source tree when there is one. */
export function versions(): Record<string, string> {
  const out: Record<string, string> = { s2sim: VERSION, node: process.version };
  for (const p of ['packages/hardware', 'packages/router', 'packages/power', 'packages/actors', 'plugins/snn']) {
    const v = workspaceVersion(p);
    if (v) out[`@s2sim/${p.split('/')[1]}`] = v;
  }
  const git = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  if (git.status === 0) out.gitCommit = git.stdout.trim();
  return out;
}
