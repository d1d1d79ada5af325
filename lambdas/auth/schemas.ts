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

const credentials = z.strictObject({ username: usernameSchema, password: passwordSchema });

export const authSchemas = {
  register: {
    body: credentials,
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
