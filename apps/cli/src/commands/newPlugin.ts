import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { BadInputError } from '../inputErrors';

const TEMPLATE = new URL('../../templates/plugin/', import.meta.url).pathname;

function templateFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).sort().flatMap((f) => (statSync(join(dir, f)).isDirectory() ? templateFiles(join(dir, f), base) : [relative(base, join(dir, f))]));
}

/** The nearest tsconfig.base.json above a folder: a plugin inside a workspace extends it, one outside gets its own options. */
function findUp(from: string, name: string): string | undefined {
  for (let d = from; ; d = dirname(d)) {
    if (existsSync(join(d, name))) return join(d, name);
    if (dirname(d) === d) return undefined;
  }
}

const STANDALONE_OPTIONS = {
  target: 'ES2023', lib: ['ES2023'], module: 'ESNext', moduleResolution: 'bundler', types: ['node'], strict: true,
  skipLibCheck: true, isolatedModules: true, verbatimModuleSyntax: true, noEmit: true,
};

/** `s2sim new plugin <name>`: a working plugin package from the template, with a test that passes. */
export function newPluginCommand(name: string, opts: { dir?: string; quiet?: boolean }): number {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new BadInputError('<name>', undefined, `'${name}' is not a plugin name`, 'use lower-case letters, digits and single dashes, starting with a letter (e.g. my-stdp)');
  }
  const target = resolve(opts.dir ?? join('plugins', name));
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new BadInputError(target, undefined, 'the folder exists and is not empty', 'choose another name or --dir; nothing is overwritten');
  }
  const camel = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const pascal = camel[0].toUpperCase() + camel.slice(1);
  const shownDir = relative(process.cwd(), target) || '.';
  const fill = (text: string) => text.replaceAll('__NAME__', name).replaceAll('__CAMEL__', camel).replaceAll('__PASCAL__', pascal).replaceAll('__DIR__', shownDir);
  const files = templateFiles(TEMPLATE);
  for (const f of files) {
    const out = join(target, f);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, fill(readFileSync(join(TEMPLATE, f), 'utf8')));
  }
  const base = findUp(dirname(target), 'tsconfig.base.json');
  const tsconfig = base ? { extends: relative(target, base), include: ['src/**/*.ts'] } : { compilerOptions: STANDALONE_OPTIONS, include: ['src/**/*.ts'] };
  writeFileSync(join(target, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2) + '\n');
  if (!opts.quiet) {
    process.stdout.write(
      [
        `created plugin '${name}' in ${shownDir} (${files.length + 1} files)`,
        'next:',
        `  npx vitest run ${shownDir}                       # its test passes as generated`,
        `  node apps/cli/bin/s2sim.js run ${shownDir}/example.yaml   # runs it (plugins in plugins/ are found by package.json "s2sim.plugin")`,
        `  then edit ${shownDir}/src/heartbeatProgram.ts and src/mapper.ts into your own program`,
      ].join('\n') + '\n',
    );
  }
  return 0;
}
