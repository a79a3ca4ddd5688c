import type { z } from 'zod';

/** A bad input file: printed as one paragraph naming the file and the field, exit code 2, no stack trace. */
export class BadInputError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | undefined,
    problem: string,
    readonly hint: string,
  ) {
    super(`${file}${field ? `: field '${field}'` : ''}: ${problem}. Hint: ${hint}.`);
    this.name = 'BadInputError';
  }
}

export function fieldPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}

type Issue = z.ZodError['issues'][number];

/**
 * "Invalid input" at a union says little: when a value fits none of a union's forms (a PyNN network or a NIR file),
 * report the problem of the form it got furthest into (the deepest path), which is the one the user meant.
 */
function unwrapUnion(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return issue;
  const depth = (branch: Issue[]) => Math.max(...branch.map((i) => i.path.length + (i.code === 'invalid_union' ? 1 : 0)));
  const best = issue.errors.filter((b) => b.length).sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0];
  if (!best) return issue;
  const inner = unwrapUnion(best[0]);
  return { ...inner, path: [...issue.path, ...inner.path] } as Issue;
}

/** Turns the first zod issue into a BadInputError with a hint for its kind. */
export function fromZod(file: string, error: z.ZodError, prefix = ''): BadInputError {
  const issue = unwrapUnion(error.issues[0]);
  const field = fieldPath(issue.path, prefix) || undefined;
  let hint = 'see `s2sim schema` for every field, its type and unit';
  if (issue.code === 'unrecognized_keys') hint = `remove or correct the key${issue.keys.length > 1 ? 's' : ''} (check the spelling and the unit in the name)`;
  else if (issue.code === 'invalid_union' || issue.code === 'invalid_value') hint = 'use one of the allowed values';
  else if (issue.code === 'too_small' || issue.code === 'too_big') hint = 'give a value inside the allowed range';
  else if (issue.code === 'invalid_type' && issue.expected === 'number' && /received string/.test(issue.message)) {
    hint = 'give a plain number in the unit the field documents (e.g. durationMs in ms, cm in nF), without a unit suffix';
  }
  const extra = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}` : issue.message;
  return new BadInputError(file, field, message + extra, hint);
}
