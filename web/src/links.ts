/**
 * Page addresses. Links name the `.html` file so they work on S3/CloudFront as well as in local
 * mode (which also answers `/clicks`).
 */
export const paths = {
  home: '/',
  clicks: '/clicks.html',
  dashboard: '/dashboard.html',
  parks: '/parks.html',
  park: '/park.html',
  quiz: '/quiz.html',
  locations: '/locations.html',
  chat: '/chat.html',
} as const;

/** Where to go after signing in when the user did not come from somewhere else. */
export const AFTER_SIGN_IN = paths.clicks;

/**
 * Only same-origin paths are followed after sign-in, so a crafted link cannot send a freshly
 * signed-in user to another site.
 */
export function safeNext(value: string | null): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  return value;
}

export function signInUrl(options: { expired?: boolean; next?: string } = {}): string {
  const query = new URLSearchParams();
  if (options.expired) query.set('expired', '1');
  const next = safeNext(options.next ?? null);
  if (next && next !== paths.home) query.set('next', next);
  const qs = query.toString();
  return qs ? `${paths.home}?${qs}` : paths.home;
}

/** The current page, as a `next` target. */
export function herePath(): string {
  return `${window.location.pathname}${window.location.search}`;
}
