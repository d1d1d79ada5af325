/** What was thrown, as text for a log line: `throw` may throw anything, not only an Error. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Errors the API answers on purpose. Anything else becomes a generic 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
    /** More facts for the client, e.g. the conversation a failed chat message was kept in. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, fields?: Record<string, string>): HttpError =>
  new HttpError(400, message, 'BAD_REQUEST', fields);
export const unauthorized = (message = 'Authentication required'): HttpError =>
  new HttpError(401, message, 'UNAUTHORIZED', undefined, { 'www-authenticate': 'Bearer' });
export const forbidden = (message = 'This belongs to someone else'): HttpError =>
  new HttpError(403, message, 'FORBIDDEN');
export const notFound = (message = 'Not found'): HttpError => new HttpError(404, message, 'NOT_FOUND');
export const conflict = (message: string, code = 'CONFLICT'): HttpError => new HttpError(409, message, code);
export const payloadTooLarge = (limitBytes: number): HttpError =>
  new HttpError(413, `Request body is larger than ${limitBytes / 1024} KiB`, 'PAYLOAD_TOO_LARGE');
export const unsupportedMediaType = (): HttpError =>
  new HttpError(
    415,
    'Request body must be JSON sent with Content-Type: application/json',
    'UNSUPPORTED_MEDIA_TYPE',
  );
export const tooManyRequests = (message: string, retryAfterSeconds: number): HttpError =>
  new HttpError(429, message, 'TOO_MANY_REQUESTS', undefined, { 'retry-after': String(retryAfterSeconds) });
export const serviceUnavailable = (
  message: string,
  retryAfterSeconds = 1,
  details?: Record<string, unknown>,
): HttpError =>
  new HttpError(
    503,
    message,
    'SERVICE_UNAVAILABLE',
    undefined,
    { 'retry-after': String(retryAfterSeconds) },
    details,
  );
export const badGateway = (message: string, details?: Record<string, unknown>): HttpError =>
  new HttpError(502, message, 'BAD_GATEWAY', undefined, undefined, details);
