/** Messages between the bench and its load-generator child process. */

export interface LoadJob {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly connections: number;
  readonly seconds: number;
  /** Bearer tokens to rotate through, one per request; none sends anonymous requests. */
  readonly tokens: readonly string[];
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
