import * as z from 'zod/mini';
import { InvalidInput } from './domain-errors';
import { intParam } from './validation';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?limit=` (1–100, default 20) and an opaque `?cursor=`, as every list takes them. */
export const pageQuery = z.object({
  limit: z.optional(intParam(1, MAX_PAGE_SIZE)),
  cursor: z.optional(
    z.string().check(z.minLength(1), z.maxLength(1024, 'is not a cursor this API gave out')),
  ),
});

type Key = Record<string, string>;

/** The answer to a cursor this list did not give out: a 400 naming the field, never a 500. */
export const invalidCursor = (): InvalidInput =>
  new InvalidInput('cursor is not valid for this list; start again without it', { cursor: 'invalid' });

/**
 * A cursor is the DynamoDB key to resume after, bound to the list it came from (`scope`, e.g. the park
 * and the kind of list). It is opaque to clients; a cursor that was tampered with, or that belongs to
 * another list or another user, is refused with a 400 — never a 500 and never another list's items.
 */
export function encodeCursor(scope: string, key: Record<string, unknown> | undefined): string | null {
  if (!key) return null;
  return Buffer.from(JSON.stringify({ s: scope, k: key }), 'utf8').toString('base64url');
}

const cursorShape = z.strictObject({
  s: z.string(),
  k: z.record(z.string(), z.string().check(z.maxLength(512))),
});

/**
 * Decodes a cursor of this scope. `expectedKey` says which attributes the key must have and, for
 * the partition attributes, which exact values (so a cursor cannot be pointed at another partition).
 */
export function decodeCursor(
  scope: string,
  cursor: string | undefined,
  expectedKey: Readonly<Record<string, string | RegExp>>,
): Key | undefined {
  if (cursor === undefined) return undefined;
  const invalid = invalidCursor;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const result = cursorShape.safeParse(parsed);
  if (!result.success || result.data.s !== scope) throw invalid();
  const key = result.data.k;
  const names = Object.keys(expectedKey);
  if (Object.keys(key).length !== names.length) throw invalid();
  for (const name of names) {
    const expected = expectedKey[name];
    const value = key[name];
    if (value === undefined) throw invalid();
    if (typeof expected === 'string' ? value !== expected : !expected.test(value)) throw invalid();
  }
  return key;
}

/** The pattern of sort keys `<prefix><id>`, for a cursor key: `prefix` literally, then `id`'s pattern. */
export const prefixedKey = (prefix: string, id: RegExp): RegExp =>
  new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${id.source.replace(/^\^|\$$/g, '')}$`);
