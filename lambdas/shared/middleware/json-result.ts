import type { ApiResult } from './types';

/** Every answer is JSON and, unless its handler says otherwise, not to be stored by any cache. */
export function jsonResult(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): ApiResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}
