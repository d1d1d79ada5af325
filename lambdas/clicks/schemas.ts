import * as z from 'zod/mini';
import { KEY_LIFETIME_S, REMEMBERED_KEYS } from '../contract/idempotency';
import type { AreaSchemas } from '../contract/operation';
import { intParam } from '../shared/validation';

const idempotencyKeySchema = z
  .string()
  .check(
    z.minLength(1, 'must be 1 to 128 characters'),
    z.maxLength(128, 'must be 1 to 128 characters'),
    z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
  );

export const postClickHeaders = z.object({ 'idempotency-key': z.optional(idempotencyKeySchema) });

const totals = z.object({ total_clicks: z.number().check(z.int()), user_clicks: z.number().check(z.int()) });

export const clicksSchemas = {
  postClick: {
    response: totals,
    errors: [401, 429],
    headers: {
      'idempotency-key': {
        description:
          `A retry with the same key by the same user within ${KEY_LIFETIME_S / 60} minutes counts once and answers ` +
          `the same numbers, for the user's ${REMEMBERED_KEYS} most recent keys`,
        maxLength: 128,
      },
    },
  },
  getClicks: {
    response: z.object({
      total_clicks: z.number().check(z.int()),
      user_clicks: z.optional(z.number().check(z.int())),
    }),
    errors: [401],
  },
  getClickLog: {
    query: z.object({ minutes: z.optional(intParam(1, 1440)) }),
    response: z.object({
      minutes: z.array(
        z.object({ minute: z.string(), clicks: z.number().check(z.int()), total: z.number().check(z.int()) }),
      ),
      clicks_per_minute: z.number(),
      total_clicks: z.number().check(z.int()),
    }),
  },
} satisfies AreaSchemas<'clicks'>;
