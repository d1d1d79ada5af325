/**
 * The account rules, checked in the browser only to give quick hints; the server decides.
 */
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
const USERNAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** A problem to show, or null when the value looks fine. */
export function usernameProblem(value: string): string | null {
  if (value === '') return 'Enter a username.';
  if (value.length < USERNAME_MIN) return `Use at least ${USERNAME_MIN} characters.`;
  if (value.length > USERNAME_MAX) return `Use at most ${USERNAME_MAX} characters.`;
  if (!USERNAME_PATTERN.test(value)) return 'Use only letters, digits, and _ . -';
  return null;
}

export function passwordProblem(value: string): string | null {
  if (value === '') return 'Enter a password.';
  if (value.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (value.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  return null;
}
