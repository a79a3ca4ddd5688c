import { InputError } from '@s2sim/actors';

/** A .nir file that cannot be read or converted: where (file, node, field) and what, with a hint. */
export class NirError extends InputError {
  constructor(message: string, hint: string) {
    super(message, hint);
    this.name = 'NirError';
  }
}
