import { z } from 'zod';
import { badRequest, type HttpError } from './errors';

/** Turns zod issues into the API's 400: a sentence naming each field, and `fields` for forms. */
export function validationError(error: z.ZodError, where: 'body' | 'query' | 'path' | 'header'): HttpError {
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

export function parseWith<S extends z.ZodType>(
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
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
