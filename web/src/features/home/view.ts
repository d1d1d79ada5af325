/** The sign-in page's elements: the two forms, the welcome for a signed-in user, the notice. */
import { ApiError, messageOf } from '../../api';
import { byId, setText, showStatus } from '../../dom';
import { FormView } from '../../forms';
import type { Arrival } from './state';

const EXPIRED_MESSAGE = 'Your session has expired — please sign in again.';

export interface HomeView {
  readonly signIn: FormView;
  readonly signUp: FormView;
}

export function homeView(): HomeView {
  return {
    signIn: new FormView(byId('signin-form', HTMLFormElement), byId('signin-status', HTMLElement)),
    signUp: new FormView(byId('signup-form', HTMLFormElement), byId('signup-status', HTMLElement)),
  };
}

export function showArrival(arrival: Arrival): void {
  const notice = byId('notice', HTMLElement);
  if (arrival.kind === 'signed-in') {
    setText(byId('welcome-name', HTMLElement), arrival.username || 'you');
    byId('welcome', HTMLElement).hidden = false;
    byId('auth-forms', HTMLElement).hidden = true;
    byId('guest-aside', HTMLElement).hidden = true;
  } else if (arrival.kind === 'expired') {
    showStatus(notice, EXPIRED_MESSAGE, 'warning');
  } else if (arrival.kind === 'asked-to-sign-in') {
    showStatus(notice, 'Please sign in to continue.', 'info');
  }
}

/** Marks each field's problem; true when there is none. */
export function showProblems(form: FormView, problems: Readonly<Record<string, string | null>>): boolean {
  return Object.entries(problems)
    .map(([field, problem]) => form.setFieldError(field, problem))
    .every(Boolean);
}

/** Puts a failed request's explanation where the user will look for it. */
export function showFailure(form: FormView, err: unknown): void {
  if (!(err instanceof ApiError)) {
    form.setStatus(messageOf(err), 'error');
    return;
  }
  const unplaced = form.showFieldErrors(err.fields);
  if (err.status === 409 && !('username' in err.fields)) {
    // A taken name is about the username field alone; saying it twice adds nothing.
    form.setFieldError('username', err.message);
    form.setStatus('');
    form.focusFirstInvalid();
    return;
  }
  let message = err.message;
  if (unplaced.length > 0) message += ` (${unplaced.join('; ')})`;
  if (err.status === 429 && err.retryAfterSeconds !== undefined) {
    message += ` Try again in ${Math.max(1, Math.ceil(err.retryAfterSeconds))} s.`;
  }
  form.setStatus(message, 'error');
  form.focusFirstInvalid();
}

export function showSignInFailedAfterSignUp(view: HomeView, username: string, err: unknown): void {
  view.signIn.input('username').value = username;
  view.signUp.setStatus(
    `Your account was created, but signing in failed: ${messageOf(err)} Please sign in.`,
    'error',
  );
  view.signIn.input('password').focus();
}
