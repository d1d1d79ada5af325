import * as z from 'zod/mini';
import type { AreaSchemas } from '../contract/operation';

export const opsSchemas = {
  getHealth: { response: z.object({ status: z.literal('ok') }) },
  getOpenApi: { response: z.record(z.string(), z.unknown()).check(z.describe('This document')) },
} satisfies AreaSchemas<'ops'>;
