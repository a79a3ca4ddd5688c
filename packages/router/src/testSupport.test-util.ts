// Shared helpers for this package's tests (not exported from index.ts).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** PACMAN's routing fixtures, read relative to the repository root (fixtures/routing in this repository, copied from ../shared/fixtures). */
export const FIXTURES = fileURLToPath(new URL('../../../fixtures/routing/', import.meta.url));
export const fixtureText = (name: string) => gunzipSync(readFileSync(FIXTURES + name)).toString('utf8');

/** A naive reference: index of the first entry whose (key, mask) matches, or -1. */
export function naiveLookup(keys: ArrayLike<number>, masks: ArrayLike<number>, size: number, k: number): number {
  for (let i = 0; i < size; i++) if (((k & masks[i]) >>> 0) === keys[i] >>> 0) return i;
  return -1;
}
