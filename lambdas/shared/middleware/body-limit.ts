import type { MiddlewareObj } from '@middy/core';
import { payloadTooLarge } from '../errors';
import type { ApiContext, ApiEvent, ApiResult } from './types';

/** Refuses a body over `maxBytes` (decoded) before anything reads it. */
export function bodyLimit(maxBytes: number): MiddlewareObj<ApiEvent, ApiResult, Error, ApiContext> {
  return {
    name: 'bodyLimit',
    before: ({ event }) => {
      if (!event.body) return;
      const bytes = event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').byteLength
        : Buffer.byteLength(event.body, 'utf8');
      if (bytes > maxBytes) throw payloadTooLarge(maxBytes);
    },
  };
}
