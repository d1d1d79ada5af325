import { z } from 'zod';
import type { AreaSchemas } from '../shared/http';
import { intParam } from '../shared/validation';

const idempotencyKeySchema = z
  .string()
  .min(1, 'must be 1 to 128 characters')
  .max(128, 'must be 1 to 128 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const postClickHeaders = z.object({ 'idempotency-key': idempotencyKeySchema.optional() });

const totals = z.object({ total_clicks: z.number().int(), user_clicks: z.number().int() });

export const clicksSchemas = {
  postClick: {
    response: totals,
    errors: [401, 429],
    headers: {
      'idempotency-key': {
        description:
          'A retry with the same key by the same user within 10 minutes counts once and answers the same numbers',
        maxLength: 128,
      },
    },
  },
  getClicks: {
    response: z.object({ total_clicks: z.number().int(), user_clicks: z.number().int().optional() }),
    errors: [401],
  },
  getClickLog: {
    query: z.object({ minutes: intParam(1, 1440).optional() }),
    response: z.object({
      minutes: z.array(z.object({ minute: z.string(), clicks: z.number().int(), total: z.number().int() })),
      clicks_per_minute: z.number(),
      total_clicks: z.number().int(),
    }),
  },
} satisfies AreaSchemas<'clicks'>;
