/**
 * An error in what the user gave (a scenario, a model, a parameter) rather than in s2sim: the CLI prints its message
 * and hint without a stack trace and exits with code 2. `where` names the file and field when known.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly where?: string,
  ) {
    super(`${where ? `${where}: ` : ''}${message}. Hint: ${hint}.`);
    this.name = 'InputError';
  }
}
