/**
 * The security headers of the site, described once: CloudFront's response headers policy sends them
 * in AWS (lib/stacks/site-stack.ts) and local mode's static server sends the same values
 * (lib/local/static-site.ts), so the CSP the pages are tested under locally is the one they get live.
 */

/**
 * Only our own origin: no inline script or style, no third-party CDN, no framing. The pages may also
 * connect to `connectSources`: in AWS, the live totals' WebSocket (lib/constructs/live-events.ts),
 * which is on AppSync's domain; locally the page's own origin serves it.
 */
export const contentSecurityPolicy = (connectSources: readonly string[] = []): string =>
  `default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src ${["'self'", ...connectSources].join(' ')}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'`;

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/** HSTS (HTTPS only, so AWS only): two years, subdomains included, eligible for browser preload lists. */
export const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;
export const STRICT_TRANSPORT_SECURITY = `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains; preload`;

/** The headers every page carries, in local mode and in AWS. */
export const SITE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': REFERRER_POLICY,
  'content-security-policy': CONTENT_SECURITY_POLICY,
} as const;
