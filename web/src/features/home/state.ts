/** What the sign-in page starts from: where to go after signing in, and why the user is here. */
import type { Credentials } from '../../endpoints/auth';
import type { FormView } from '../../forms';
import { AFTER_SIGN_IN, safeNext } from '../../links';
import { sessionState } from '../../session';
import { passwordProblem, usernameProblem } from '../../validation';

export type Arrival =
  | { readonly kind: 'signed-in'; readonly username: string }
  | { readonly kind: 'expired' }
  | { readonly kind: 'asked-to-sign-in' }
  | { readonly kind: 'visiting' };

export function arrival(params: URLSearchParams): Arrival {
  const state = sessionState();
  if (state.kind === 'signed-in') return { kind: 'signed-in', username: state.session.username };
  if (state.kind === 'expired' || params.get('expired') === '1') return { kind: 'expired' };
  return params.has('next') ? { kind: 'asked-to-sign-in' } : { kind: 'visiting' };
}

export const nextPage = (params: URLSearchParams): string => safeNext(params.get('next')) ?? AFTER_SIGN_IN;

export function credentialsOf(form: FormView): Credentials {
  // Spaces are never part of a username; a stray one from autofill should not cost a round trip.
  return { username: form.value('username').trim(), password: form.value('password') };
}

export function signInProblems(credentials: Credentials): {
  username: string | null;
  password: string | null;
} {
  return {
    username: credentials.username === '' ? 'Enter your username.' : null,
    password: credentials.password === '' ? 'Enter your password.' : null,
  };
}

export function signUpProblems(credentials: Credentials): {
  username: string | null;
  password: string | null;
} {
  return { username: usernameProblem(credentials.username), password: passwordProblem(credentials.password) };
}
