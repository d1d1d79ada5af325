/** Identity endpoints: register, login, me. */
import { apiFetch, asObject, numberField, stringField } from '../api';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface LoginResult {
  readonly accessToken: string;
  readonly expiresIn: number;
}

export interface Me {
  readonly username: string;
  readonly userId: string;
}

export async function register(credentials: Credentials): Promise<void> {
  await apiFetch('/api/register', { method: 'POST', body: credentials });
}

export async function login(credentials: Credentials): Promise<LoginResult> {
  const body = asObject(await apiFetch('/api/login', { method: 'POST', body: credentials }));
  return { accessToken: stringField(body, 'access_token'), expiresIn: numberField(body, 'expires_in') };
}

export async function getMe(): Promise<Me> {
  const body = asObject(await apiFetch('/api/me', { auth: 'required' }));
  return { username: stringField(body, 'username'), userId: stringField(body, 'user_id') };
}
