/** Messages between the bench and its load-generator child process. */

export type LoadMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One request the load generator sends. `{seq}` anywhere in the path, body or a header value becomes
 * a number unique within the run (e.g. a fresh title per post).
 */
export interface RequestTemplate {
  readonly method: LoadMethod;
  /** Path and query, e.g. `/api/clicks/log?minutes=60`. */
  readonly path: string;
  /** Bearer token; none sends an anonymous request. */
  readonly token?: string;
  /** A JSON body, already serialized; sent with `content-type: application/json`. */
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface LoadJob {
  /** Origin of the server, e.g. `http://127.0.0.1:3000`. */
  readonly origin: string;
  readonly connections: number;
  readonly seconds: number;
  /** Sent in turn, one per request, over all connections: request n is `requests[n % length]`. */
  readonly requests: readonly RequestTemplate[];
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  readonly non2xx: number;
  /** Responses per non-2xx status, e.g. `{ "500": 3 }`. */
  readonly statuses: Record<string, number>;
}

export type ToWorker = { readonly type: 'run'; readonly id: number; readonly job: LoadJob };

export type FromWorker =
  | { readonly type: 'result'; readonly id: number; readonly result: LoadResult }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

export const isToWorker = (value: unknown): value is ToWorker =>
  isObject(value) && value.type === 'run' && typeof value.id === 'number' && isObject(value.job);

export const isFromWorker = (value: unknown): value is FromWorker =>
  isObject(value) && (value.type === 'result' || value.type === 'failed') && typeof value.id === 'number';
