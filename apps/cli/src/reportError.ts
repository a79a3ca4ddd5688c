import { InputError } from '@s2sim/actors';
import { SramOverflowError } from '@s2sim/hardware';
import { TableCapacityError } from '@s2sim/router';
import { BadInputError } from './inputErrors';

/** Bad input, or a model that does not fit the machine: both are the user's to fix. */
export function isUserError(e: unknown): boolean {
  return e instanceof BadInputError || e instanceof InputError || e instanceof SramOverflowError || e instanceof TableCapacityError;
}

/**
 * Prints an error as one paragraph and returns the exit code: 2 for bad input and for a model that does not fit
 * the machine (the user can fix both), 1 for a failed run. Stack traces appear only with S2SIM_DEBUG=1.
 */
export function reportError(e: unknown): number {
  const debug = process.env.S2SIM_DEBUG === '1';
  const userError = isUserError(e);
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`s2sim: error: ${message}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
  else if (!userError) process.stderr.write('(set S2SIM_DEBUG=1 to see where it failed)\n');
  return userError ? 2 : 1;
}
