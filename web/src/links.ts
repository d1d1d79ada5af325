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
 * signed-in user to another site. Browsers drop tabs and newlines from URLs and read `\` as `/`,
 * so `/\t/evil.example` would become `//evil.example`: any control character, whitespace or
 * backslash refuses the value, and what is left must resolve to this origin.
 */
export function safeNext(value: string | null, origin: string = window.location.origin): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!value || /[\u0000-\u0020\u007f-\u009f\\]/.test(value)) return null;
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  return `${url.pathname}${url.search}${url.hash}`;
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
