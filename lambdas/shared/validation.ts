import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { badRequest, type HttpError } from './errors';

// zod/mini loads no locale (every problem would read "Invalid input"); the API answers with zod's
// English messages, as full zod gives them.
z.config(en());

/** Turns zod issues into the API's 400: a sentence naming each field, and `fields` for forms. */
export function validationError(
  error: z.core.$ZodError,
  where: 'body' | 'query' | 'path' | 'header',
): HttpError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const name = issue.path.length > 0 ? issue.path.map(String).join('.') : where;
    fields[name] ??= issue.message;
  }
  const summary = Object.entries(fields)
    .map(([name, problem]) => `${name}: ${problem}`)
    .join('; ');
  return badRequest(`Invalid ${where === 'body' ? 'request body' : where} — ${summary}`, fields);
}

export function parseWith<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'path' | 'header',
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

/** A whole-number query parameter in [min, max]; rejects "1e3", "0x10", " 5" and friends. */
export const intParam = (min: number, max: number) =>
  z.pipe(
    z.pipe(z.string().check(z.regex(/^\d{1,9}$/, 'must be a whole number')), z.transform(Number)),
    z
      .number()
      .check(z.int(), z.minimum(min, `must be at least ${min}`), z.maximum(max, `must be at most ${max}`)),
  );
