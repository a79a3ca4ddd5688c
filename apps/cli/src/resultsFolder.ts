import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { OutputFile } from '@s2sim/actors';
import { BadInputError } from './inputErrors';

/**
 * Picks the results folder. An explicit --out that exists and is not empty is refused; the default
 * (results/<scenario>) takes the next free suffix, so nothing earlier is ever overwritten.
 */
export function chooseOutDir(explicit: string | undefined, scenarioName: string): string {
  if (explicit) {
    if (existsSync(explicit) && readdirSync(explicit).length > 0) {
      throw new BadInputError(explicit, undefined, 'the results folder exists and is not empty', 'choose another --out, or move the old results away');
    }
    return explicit;
  }
  const base = join('results', scenarioName);
  if (!existsSync(base)) return base;
  for (let i = 2; ; i++) if (!existsSync(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * Writes every file into a hidden sibling folder first and renames it into place at the end, so an interrupted
 * or failed write never leaves a half-written results folder.
 */
export function writeResults(outDir: string, files: OutputFile[]): string {
  const final = resolve(outDir);
  const staging = join(dirname(final), `.${final.split('/').pop()}.partial-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const f of files) {
      const path = join(staging, f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
    }
    mkdirSync(dirname(final), { recursive: true });
    if (existsSync(final)) rmSync(final, { recursive: true }); // only an empty folder reaches here
    renameSync(staging, final);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return final;
}
