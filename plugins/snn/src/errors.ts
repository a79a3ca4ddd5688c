import { InputError } from '@s2sim/actors';

/** A network that cannot be mapped: what is wrong, and what to do about it. */
export class SnnMappingError extends InputError {
  constructor(message: string, hint: string) {
    super(message, hint);
    this.name = 'SnnMappingError';
  }
}
