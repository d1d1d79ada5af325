import type { MiddlewareObj } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { badRequest, unsupportedMediaType } from '../errors';
import type { ApiContext, ApiEvent, ApiResult } from './types';

const JSON_CONTENT_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Any body must be JSON sent as application/json, whatever the route: 415 otherwise, 400 when it
 * does not parse. An empty body is no body. The parsing is middy's (which also refuses `__proto__`
 * keys); its 415 and 422 become the API's own errors.
 */
export function jsonBody(): MiddlewareObj<ApiEvent, ApiResult, Error, ApiContext> {
  const parser = httpJsonBodyParser({ disableContentTypeCheck: true });
  const parse = parser.before as NonNullable<typeof parser.before>;
  return {
    name: 'jsonBody',
    before: async (request) => {
      const { event, context } = request;
      if (!event.body) return;
      if (!JSON_CONTENT_TYPE.test((event.headers['content-type'] ?? '').trim())) throw unsupportedMediaType();
      // The stock parser replaces the event's body with its value; the pipeline keeps the text intact.
      const parsed = { ...request, event: { ...event } };
      try {
        await parse(parsed);
      } catch {
        throw badRequest('Request body is not valid JSON', { body: 'malformed JSON' });
      }
      context.body = parsed.event.body as unknown;
    },
  };
}
