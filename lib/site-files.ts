import * as fs from 'node:fs';
import * as path from 'node:path';
import { SITE_HEADERS } from './site-headers';

/** Where `npm run build:web` puts the site; the site stack uploads it. */
export const DEFAULT_SITE_DIR = path.resolve(__dirname, '..', 'web', 'dist');

/** The built site is missing: a setup step to run, not a bug, so bin/app.ts prints just the message. */
export class SiteNotBuiltError extends Error {
  override readonly name = 'SiteNotBuiltError';
}

export interface SiteFiles {
  readonly dir: string;
  /** The pages at the top of the site (`/index.html`, `/clicks.html`, ...), without the 404 page. */
  readonly pages: readonly string[];
  /** The body of the site's 404 page (`404.html`). */
  readonly notFoundHtml: string;
}

/** Reads what the router needs from the built site, or says how to build it. */
export function readSiteFiles(dir: string): SiteFiles {
  const index = path.join(dir, 'index.html');
  const notFound = path.join(dir, '404.html');
  if (!fs.existsSync(index) || !fs.existsSync(notFound)) {
    throw new SiteNotBuiltError(
      `The site is not built: ${path.relative(process.cwd(), dir) || dir} has no index.html and 404.html. ` +
        'Run `npm run build:web` first (the site stack uploads web/dist).',
    );
  }
  const pages = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.html') && name !== '404.html')
    .sort()
    .map((name) => `/${name}`);
  return { dir, pages, notFoundHtml: fs.readFileSync(notFound, 'utf8') };
}

/** CloudFront Functions may hold at most 10 KB of code. */
export const MAX_FUNCTION_CODE_BYTES = 10 * 1024;

/** Served when the site's own 404 page would not fit into the function. */
export const FALLBACK_NOT_FOUND_HTML =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>Page not found — Cloud Clicker</title>' +
  '<h1>Page not found</h1><p><a href="/">Head back home</a></p></html>';

/**
 * The viewer-request CloudFront Function of the site behaviour. It maps clean addresses as local mode
 * does (`/` and `/clicks` → `/index.html`, `/clicks.html`) and answers an unknown page with the
 * site's 404 page and a real 404 status.
 *
 * Why here and not with CloudFront custom error responses: those apply to the whole distribution, so
 * they would also replace the API's JSON 403 and 404 answers (`/api/*`) with the HTML page. Files
 * that are not pages (`/js/…`, `/css/…`, `/favicon.svg`) go to S3 unchanged.
 */
export function siteRouterCode(site: Pick<SiteFiles, 'pages' | 'notFoundHtml'>): string {
  const build = (notFoundHtml: string): string => {
    const pages: Record<string, 1> = {};
    for (const page of site.pages) pages[page] = 1;
    const headers: Record<string, { value: string }> = {
      'content-type': { value: 'text/html; charset=utf-8' },
      'cache-control': { value: 'no-cache' },
    };
    for (const [name, value] of Object.entries(SITE_HEADERS)) headers[name] = { value };
    return [
      `var PAGES = ${JSON.stringify(pages)};`,
      `var NOT_FOUND_HEADERS = ${JSON.stringify(headers)};`,
      `var NOT_FOUND_HTML = ${JSON.stringify(notFoundHtml)};`,
      'function handler(event) {',
      '  var request = event.request;',
      '  var uri = request.uri;',
      '  if (PAGES[uri]) return request;',
      "  var bare = uri.replace(/\\/+$/, '');",
      "  if (bare === '' || bare === '/index') { request.uri = '/index.html'; return request; }",
      "  if (PAGES[bare + '.html']) { request.uri = bare + '.html'; return request; }",
      "  if (PAGES[bare + '/index.html']) { request.uri = bare + '/index.html'; return request; }",
      "  var last = bare.substring(bare.lastIndexOf('/') + 1);",
      "  if (last.indexOf('.') > 0 && last.slice(-5) !== '.html') return request;",
      '  return {',
      '    statusCode: 404,',
      "    statusDescription: 'Not Found',",
      '    headers: NOT_FOUND_HEADERS,',
      "    body: { encoding: 'text', data: NOT_FOUND_HTML },",
      '  };',
      '}',
      '',
    ].join('\n');
  };
  const code = build(site.notFoundHtml);
  return Buffer.byteLength(code, 'utf8') <= MAX_FUNCTION_CODE_BYTES ? code : build(FALLBACK_NOT_FOUND_HTML);
}
