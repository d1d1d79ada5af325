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

/** HTTP requests to a server, sent by autocannon. */
export interface HttpWorkload {
  readonly kind: 'http';
  /** Origin of the server, e.g. `http://127.0.0.1:3000`. */
  readonly origin: string;
  /** Sent in turn, one per request, over all connections: request n is `requests[n % length]`. */
  readonly requests: readonly RequestTemplate[];
}

/**
 * `UpdateItem`: `ADD clicks :one` on one item; `GetItem`: an eventually consistent read of one;
 * `recordClick`: the click's own write, ClickStore.recordClick, with the given rate limit.
 */
export type EngineOperation =
  | { readonly name: 'UpdateItem' }
  | { readonly name: 'GetItem' }
  | { readonly name: 'recordClick'; readonly limit: { readonly perSecond: number; readonly burst: number } };

/**
 * DynamoDB requests sent straight through the SDK, each connection a loop of one request at a time:
 * what the engine alone can do, with no HTTP server and no handler in front of it.
 */
export interface EngineWorkload {
  readonly kind: 'engine';
  /** DynamoDB Local's endpoint. */
  readonly endpoint: string;
  readonly table: string;
  readonly operation: EngineOperation;
  /** Request n touches item (or user) n % items. */
  readonly items: number;
}

export type Workload = HttpWorkload | EngineWorkload;

export interface LoadJob {
  readonly workload: Workload;
  readonly connections: number;
  readonly seconds: number;
}

export interface LoadResult {
  /** Answers received (any status), or SDK calls finished (failed ones included). */
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  /** 2xx answers, or SDK calls that succeeded, per second. */
  readonly okPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connection errors, timeouts included; failed SDK calls. */
  readonly errors: number;
  readonly non2xx: number;
  /** Responses per non-2xx status, e.g. `{ "500": 3 }`; failed SDK calls by error name. */
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
