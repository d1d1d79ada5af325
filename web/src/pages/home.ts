/** Home: sign in, sign up (then sign in automatically), or carry on if already signed in. */
import { ApiError, messageOf } from '../api';
import { byId, setText, showStatus } from '../dom';
import { login, register, type Credentials } from '../endpoints/auth';
import { FormView } from '../forms';
import { AFTER_SIGN_IN, safeNext } from '../links';
import { startPage } from '../page';
import { clearSession, saveSession, sessionState } from '../session';
import { passwordProblem, usernameProblem } from '../validation';

const EXPIRED_MESSAGE = 'Your session has expired — please sign in again.';

startPage('home');

const params = new URLSearchParams(window.location.search);
const next = safeNext(params.get('next')) ?? AFTER_SIGN_IN;
const notice = byId('notice', HTMLElement);
const signIn = new FormView(byId('signin-form', HTMLFormElement), byId('signin-status', HTMLElement));
const signUp = new FormView(byId('signup-form', HTMLFormElement), byId('signup-status', HTMLElement));

function showSignedIn(username: string): void {
  setText(byId('welcome-name', HTMLElement), username || 'you');
  byId('welcome', HTMLElement).hidden = false;
  byId('auth-forms', HTMLElement).hidden = true;
  byId('guest-aside', HTMLElement).hidden = true;
}

const state = sessionState();
if (state.kind === 'signed-in') {
  showSignedIn(state.session.username);
} else if (state.kind === 'expired' || params.get('expired') === '1') {
  clearSession();
  showStatus(notice, EXPIRED_MESSAGE, 'warning');
} else if (params.has('next')) {
  showStatus(notice, 'Please sign in to continue.', 'info');
}

function credentialsOf(form: FormView): Credentials {
  // Spaces are never part of a username; a stray one from autofill should not cost a round trip.
  return { username: form.value('username').trim(), password: form.value('password') };
}

/** Puts a failed request's explanation where the user will look for it. */
function showFailure(form: FormView, err: unknown): void {
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

async function signInWith(credentials: Credentials): Promise<void> {
  const { access_token, expires_in } = await login(credentials);
  saveSession(access_token, expires_in, credentials.username);
  window.location.assign(next);
}

signIn.form.addEventListener('submit', (event) => {
  event.preventDefault();
  signIn.clearErrors();
  const credentials = credentialsOf(signIn);
  const ok = [
    signIn.setFieldError('username', credentials.username === '' ? 'Enter your username.' : null),
    signIn.setFieldError('password', credentials.password === '' ? 'Enter your password.' : null),
  ].every(Boolean);
  if (!ok) {
    signIn.focusFirstInvalid();
    return;
  }
  signIn.setBusy(true);
  signIn.setStatus('Signing in…');
  signInWith(credentials).catch((err: unknown) => {
    signIn.setBusy(false);
    showFailure(signIn, err);
  });
});

function checkSignUp(credentials: Credentials): boolean {
  return [
    signUp.setFieldError('username', usernameProblem(credentials.username)),
    signUp.setFieldError('password', passwordProblem(credentials.password)),
  ].every(Boolean);
}

// After a first attempt, re-check as the user types so fixed fields clear straight away.
let signUpTried = false;
signUp.form.addEventListener('input', () => {
  if (signUpTried) checkSignUp(credentialsOf(signUp));
});

signUp.form.addEventListener('submit', (event) => {
  event.preventDefault();
  signUpTried = true;
  signUp.clearErrors();
  const credentials = credentialsOf(signUp);
  if (!checkSignUp(credentials)) {
    signUp.focusFirstInvalid();
    return;
  }
  signUp.setBusy(true);
  signUp.setStatus('Creating your account…');
  void (async () => {
    try {
      await register(credentials);
    } catch (err) {
      signUp.setBusy(false);
      showFailure(signUp, err);
      return;
    }
    signUp.setStatus('Account created. Signing you in…', 'success');
    try {
      await signInWith(credentials);
    } catch (err) {
      signUp.setBusy(false);
      signIn.input('username').value = credentials.username;
      signUp.setStatus(
        `Your account was created, but signing in failed: ${messageOf(err)} Please sign in.`,
        'error',
      );
      signIn.input('password').focus();
    }
  })();
});
