import { randomBytes } from 'node:crypto';

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
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
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
