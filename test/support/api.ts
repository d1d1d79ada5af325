import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { isStreamRoute, routes } from '../../lambdas/contract/routes';
import { errorBody, schemaOf, statusesOf, successStatusesOf } from '../../lambdas/contract/schemas';
import { compileRoutes, matchRoute } from '../../lib/local/api-event';

const matchers = compileRoutes(routes);

/**
 * Why an answer breaks the contract of its route, or undefined when it keeps it: a status the route
 * does not declare, or a body its response schema (or the error schema) refuses. Requests that no
 * route matches get API Gateway's own 404 and have no contract.
 */
export function contractProblem(
  method: string,
  path: string,
  status: number,
  text: string,
): string | undefined {
  const matched = matchRoute(matchers, method, new URL(path, 'http://localhost').pathname);
  if (!matched) return undefined;
  const { route } = matched;
  const name = `${route.method} ${route.path}`;
  const statuses = statusesOf(route);
  if (!statuses.includes(status))
    return `${name} answered ${status}; its contract lists ${statuses.join(', ')}`;
  const schema = schemaOf(route);
  const success = successStatusesOf(route).includes(status);
  if (success && !schema.response) return text === '' ? undefined : `${name} answered ${status} with a body`;
  // A streamed answer is NDJSON: every line must keep the line schema.
  if (success && isStreamRoute(route)) {
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => lineProblem(name, status, line, schema.response as z.ZodMiniType))
      .find(Boolean);
  }
  return lineProblem(name, status, text, success ? (schema.response as z.ZodMiniType) : errorBody);
}

function lineProblem(name: string, status: number, text: string, schema: z.ZodMiniType): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `${name} answered ${status} with a body that is not JSON`;
  }
  const result = schema.safeParse(body);
  return result.success
    ? undefined
    : `${name} answered ${status} against its schema: ${z.prettifyError(result.error)}`;
}

/**
 * Longer than any function's timeout (30 s) behind the gateway: a request still unanswered then was
 * lost, and the test says which one instead of running into its own timeout.
 */
const ANSWER_WITHIN_MS = 45_000;

export interface ApiAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface CallOptions {
  readonly token?: string;
  /** Sent as JSON unless `raw` is given. */
  readonly body?: unknown;
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

export function apiClient(baseUrl: string) {
  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    }).catch((error: unknown) => {
      throw new Error(`${method} ${path} got no answer: ${String(error)}`, { cause: error });
    });
    const text = await response.text();
    // Every answer is checked against the contract: a test whose answer breaks it fails here.
    const problem = contractProblem(method, path, response.status, text);
    if (problem) throw new Error(`Contract broken by ${method} ${path}: ${problem}`);
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
  }

  async function newUser(prefix = 'user'): Promise<{ username: string; password: string; token: string }> {
    const username = `${prefix}_${randomBytes(5).toString('hex')}`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const registered = await call('POST', '/api/register', { body: { username, password } });
    if (registered.status !== 201)
      throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
    const login = await call<{ access_token: string }>('POST', '/api/login', {
      body: { username, password },
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    return { username, password, token: login.body.access_token };
  }

  return { call, newUser };
}

export const api = () => {
  const url = process.env.API_URL;
  if (!url) throw new Error('API_URL is not set: run through the integration project');
  return apiClient(url);
};
