import * as z from 'zod/mini';
import type { AreaSchemas } from '../contract/operation';

export const usernameSchema = z
  .string({ error: 'must be a string' })
  .check(
    z.minLength(3, 'must be at least 3 characters'),
    z.maxLength(32, 'must be at most 32 characters'),
    z.regex(/^[A-Za-z0-9_.-]+$/, 'may contain only letters, digits, "_", "." and "-"'),
  );

export const passwordSchema = z
  .string({ error: 'must be a string' })
  .check(z.minLength(8, 'must be at least 8 characters'), z.maxLength(128, 'must be at most 128 characters'));

/**
 * What Cognito takes as a new password beyond its length (its API pattern is `^[\S]+.*[\S]+$`: no
 * whitespace at either end, no line break inside). cognito-local checks neither, so we do.
 * Control characters and lone surrogates are refused too: no keyboard types them and Cognito's
 * handling of them is not documented.
 */
export const newPasswordSchema = passwordSchema.check(
  z.regex(/^(?!\s)[\s\S]*(?<!\s)$/u, 'must not start or end with a space or other whitespace'),
  z.regex(
    /^[^\p{Cc}\p{Cs}\u2028\u2029]*$/u,
    'must not contain line breaks, tabs or other control characters',
  ),
);

/** Sign-in takes any password of a valid length: refusing more would only tell the caller our policy. */
const credentials = z.strictObject({ username: usernameSchema, password: passwordSchema });

export const authSchemas = {
  register: {
    body: z.strictObject({ username: usernameSchema, password: newPasswordSchema }),
    successStatus: 201,
    response: z.object({ message: z.string() }),
    errors: [409],
  },
  login: {
    body: credentials,
    response: z.object({
      access_token: z.string(),
      token_type: z.literal('Bearer'),
      expires_in: z.number().check(z.int(), z.describe('Seconds until the token expires')),
    }),
    errors: [401, 429],
  },
  getMe: {
    response: z.object({ username: z.string(), user_id: z.string() }),
    errors: [401],
  },
} satisfies AreaSchemas<'auth'>;
