/** Sign in, sign up (then sign in automatically), or carry on if already signed in. */
import { login, register, type Credentials } from '../../endpoints/auth';
import { clearSession, saveSession } from '../../session';
import { arrival, credentialsOf, nextPage, signInProblems, signUpProblems } from './state';
import {
  homeView,
  showArrival,
  showFailure,
  showProblems,
  showSignInFailedAfterSignUp,
  type HomeView,
} from './view';

async function signInWith(credentials: Credentials, next: string): Promise<void> {
  const { access_token, expires_in } = await login(credentials);
  saveSession(access_token, expires_in, credentials.username);
  window.location.assign(next);
}

function wireSignIn({ signIn }: HomeView, next: string): void {
  signIn.form.addEventListener('submit', (event) => {
    event.preventDefault();
    signIn.clearErrors();
    const credentials = credentialsOf(signIn);
    if (!showProblems(signIn, signInProblems(credentials))) {
      signIn.focusFirstInvalid();
      return;
    }
    signIn.setBusy(true);
    signIn.setStatus('Signing in…');
    signInWith(credentials, next).catch((err: unknown) => {
      signIn.setBusy(false);
      showFailure(signIn, err);
    });
  });
}

async function signUpAndIn(view: HomeView, credentials: Credentials, next: string): Promise<void> {
  const { signUp } = view;
  signUp.setBusy(true);
  signUp.setStatus('Creating your account…');
  try {
    await register(credentials);
  } catch (err) {
    signUp.setBusy(false);
    showFailure(signUp, err);
    return;
  }
  signUp.setStatus('Account created. Signing you in…', 'success');
  try {
    await signInWith(credentials, next);
  } catch (err) {
    signUp.setBusy(false);
    showSignInFailedAfterSignUp(view, credentials.username, err);
  }
}

function wireSignUp(view: HomeView, next: string): void {
  const { signUp } = view;
  // After a first attempt, re-check as the user types so fixed fields clear straight away.
  let tried = false;
  signUp.form.addEventListener('input', () => {
    if (tried) showProblems(signUp, signUpProblems(credentialsOf(signUp)));
  });
  signUp.form.addEventListener('submit', (event) => {
    event.preventDefault();
    tried = true;
    signUp.clearErrors();
    const credentials = credentialsOf(signUp);
    if (!showProblems(signUp, signUpProblems(credentials))) {
      signUp.focusFirstInvalid();
      return;
    }
    void signUpAndIn(view, credentials, next);
  });
}

export function startHome(): void {
  const params = new URLSearchParams(window.location.search);
  const next = nextPage(params);
  const view = homeView();
  const arrived = arrival(params);
  if (arrived.kind === 'expired') clearSession();
  showArrival(arrived);
  wireSignIn(view, next);
  wireSignUp(view, next);
}
