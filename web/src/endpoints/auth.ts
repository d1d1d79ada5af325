/** Identity endpoints: register, login, me. */
import { api, call, type RequestBody, type ResponseBody } from '../api';

export type Credentials = RequestBody<'login'>;
export type LoginResult = ResponseBody<'login'>;
export type Me = ResponseBody<'getMe'>;

export async function register(credentials: Credentials): Promise<void> {
  await call((extras) => api.POST('/api/register', { body: credentials, ...extras }));
}

export async function login(credentials: Credentials): Promise<LoginResult> {
  return (await call((extras) => api.POST('/api/login', { body: credentials, ...extras }))).data;
}

export async function getMe(): Promise<Me> {
  return (await call((extras) => api.GET('/api/me', extras), { auth: 'required' })).data;
}
