import * as z from 'zod/mini';
import { authSchemas } from '../auth/schemas';
import { chatSchemas } from '../chat/schemas';
import { clicksSchemas } from '../clicks/schemas';
import { locationsSchemas } from '../locations/schemas';
import { opsSchemas } from '../ops/schemas';
import { parksSchemas } from '../parks/schemas';
import { quizSchemas } from '../quiz/schemas';
import type { AreaSchemas, OperationSchema } from './operation';
import type { Area, Route } from './routes';

/**
 * Every operation's request and response schemas, by area. Each area's schemas live next to its
 * handler; this is the one place that collects them (for the OpenAPI document and the tests), so
 * no function bundle carries another area's schemas.
 */
const schemasByArea: { readonly [A in Area]: AreaSchemas<A> } = {
  ops: opsSchemas,
  auth: authSchemas,
  clicks: clicksSchemas,
  parks: parksSchemas,
  quiz: quizSchemas,
  locations: locationsSchemas,
  chat: chatSchemas,
};

/** The schemas of a route's requests and answers, as its area's handler uses them. */
export const schemaOf = (route: Pick<Route, 'area' | 'operationId'>): OperationSchema =>
  (schemasByArea[route.area] as Record<string, OperationSchema | undefined>)[route.operationId] ?? {};

/**
 * Statuses every operation can answer besides its own: the pipeline's checks; 401 for a token that
 * is present but invalid, which is refused on every route, even one that needs none; 403 for a
 * request that did not come through the stage's CloudFront (the origin guard, before any route); and
 * 503 when a service behind the API (DynamoDB, the user pool's keys, the origin secret) cannot answer.
 */
export const COMMON_ERROR_STATUSES = [400, 401, 403, 413, 415, 500, 503] as const;

/** The body of every error answer (API Gateway's own answers carry only the message). */
export const errorBody = z.looseObject({
  message: z.string(),
  code: z.optional(z.string()),
  fields: z.optional(z.record(z.string(), z.string())),
});

/** The statuses a route answers with its response body when it succeeds. */
export function successStatusesOf(route: Pick<Route, 'area' | 'operationId'>): number[] {
  const schema = schemaOf(route);
  return [schema.successStatus ?? 200, ...(schema.otherSuccessStatuses ?? [])];
}

/** The statuses a route may answer: its success statuses, its own errors and the common ones. */
export function statusesOf(route: Pick<Route, 'area' | 'operationId'>): number[] {
  const schema = schemaOf(route);
  return [
    ...new Set([...successStatusesOf(route), ...COMMON_ERROR_STATUSES, ...(schema.errors ?? [])]),
  ].sort();
}
