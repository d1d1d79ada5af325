import * as z from 'zod/mini';
import { isStreamRoute, routes } from '../contract/routes';
import { MAX_BODY_BYTES } from '../contract/operation';
import { schemaOf, statusesOf, successStatusesOf } from '../contract/schemas';

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid input; `fields` names each problem',
  401: 'Missing, invalid or expired token',
  403: 'Not yours, or the request did not come through the site address',
  404: 'Not found',
  409: 'Conflict',
  413: `Body over ${MAX_BODY_BYTES / 1024} KiB`,
  415: 'Body is not application/json',
  429: 'Rate limited; see Retry-After',
  500: 'Unexpected error',
  502: 'A dependency failed',
  503: 'A dependency is unavailable; see Retry-After',
};

const jsonSchema = (schema: z.ZodMiniType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' });

const errorRef = { $ref: '#/components/schemas/Error' };

/** Converts `{minutes: ...}` query objects into OpenAPI parameters. */
function parametersOf(schema: z.ZodMiniType | undefined, where: 'query' | 'path') {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

/** The OpenAPI 3.1 document, generated from the route table and the schemas that validate requests. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const schema = schemaOf(route);
    const successes = successStatusesOf(route);
    const statuses = statusesOf(route).filter((status) => !successes.includes(status));
    const success = schema.response
      ? {
          description: 'Success',
          content: {
            [isStreamRoute(route) ? 'application/x-ndjson' : 'application/json']: {
              schema: jsonSchema(schema.response, 'output'),
            },
          },
        }
      : { description: 'Success' };
    const responses: Record<string, unknown> = Object.fromEntries(
      successes.map((status) => [String(status), success]),
    );
    for (const status of statuses) {
      responses[String(status)] = {
        description: STATUS_TEXT[status],
        content: { 'application/json': { schema: errorRef } },
      };
    }
    const headerParameters = Object.entries(schema.headers ?? {}).map(([name, header]) => ({
      name,
      in: 'header',
      required: false,
      description: header.description,
      schema: { type: 'string', minLength: 1, maxLength: header.maxLength },
    }));
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.area],
      ...(route.auth === 'none'
        ? { security: [] }
        : route.auth === 'optional'
          ? { security: [{}, { bearer: [] }] }
          : {}),
      parameters: [
        ...parametersOf(schema.params, 'path'),
        ...parametersOf(schema.query, 'query'),
        ...headerParameters,
      ],
      ...(schema.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(schema.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Cloud Clicker API', version: '1.0.0' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['message'],
          properties: {
            message: { type: 'string' },
            code: { type: 'string' },
            fields: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
      },
    },
  };
}
