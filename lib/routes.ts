/**
 * The one list of HTTP routes. The CDK API stack, the local gateway, each function's router and
 * the OpenAPI document are all built from it, so they cannot disagree.
 */
export type Area = 'ops' | 'auth' | 'clicks';
export type AuthMode = 'none' | 'optional' | 'required';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  readonly method: HttpMethod;
  /** API Gateway syntax: `{name}` marks a path parameter. */
  readonly path: string;
  readonly area: Area;
  readonly auth: AuthMode;
  readonly operationId: string;
  readonly summary: string;
}

export const areas: readonly Area[] = ['ops', 'auth', 'clicks'];

export const routes = [
  {
    method: 'GET',
    path: '/api/health',
    area: 'ops',
    auth: 'none',
    operationId: 'getHealth',
    summary: 'Liveness check',
  },
  {
    method: 'GET',
    path: '/api/openapi.json',
    area: 'ops',
    auth: 'none',
    operationId: 'getOpenApi',
    summary: 'This API as an OpenAPI 3.1 document',
  },
  {
    method: 'POST',
    path: '/api/register',
    area: 'auth',
    auth: 'none',
    operationId: 'register',
    summary: 'Create an account',
  },
  {
    method: 'POST',
    path: '/api/login',
    area: 'auth',
    auth: 'none',
    operationId: 'login',
    summary: 'Sign in and get an access token',
  },
  {
    method: 'GET',
    path: '/api/me',
    area: 'auth',
    auth: 'required',
    operationId: 'getMe',
    summary: 'The signed-in user',
  },
  {
    method: 'POST',
    path: '/api/clicks',
    area: 'clicks',
    auth: 'required',
    operationId: 'postClick',
    summary: 'Count one click',
  },
  {
    method: 'GET',
    path: '/api/clicks',
    area: 'clicks',
    auth: 'optional',
    operationId: 'getClicks',
    summary: 'Global total, and your own with a token',
  },
  {
    method: 'GET',
    path: '/api/clicks/log',
    area: 'clicks',
    auth: 'none',
    operationId: 'getClickLog',
    summary: 'Clicks per minute over a window',
  },
] as const satisfies readonly Route[];

export type AppRoute = (typeof routes)[number];
export type OperationId<A extends Area> = Extract<AppRoute, { area: A }>['operationId'];

export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;

export function routesOf<A extends Area>(area: A): Extract<AppRoute, { area: A }>[] {
  return routes.filter((r): r is Extract<AppRoute, { area: A }> => r.area === area);
}
