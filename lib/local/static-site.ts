import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { SITE_HEADERS } from '../site-headers';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The headers CloudFront's response headers policy adds in AWS (lib/site-headers.ts). */
export { SITE_HEADERS };

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Serves the built site: the exact file, else `<path>.html`, else `<path>/index.html`. */
export async function serveStatic(root: string, pathname: string, response: ServerResponse): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = '/';
  }
  const base = normalize(join(root, decoded));
  const inside = base === root || base.startsWith(root.endsWith(sep) ? root : root + sep);
  const candidates = inside ? [base, `${base}.html`, join(base, 'index.html')] : [];
  for (const candidate of candidates) {
    if (!(await isFile(candidate))) continue;
    const body = await readFile(candidate);
    response.writeHead(200, {
      ...SITE_HEADERS,
      'content-type': TYPES[extname(candidate)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    response.end(body);
    return;
  }
  const notFoundPage = join(root, '404.html');
  response.writeHead(404, { ...SITE_HEADERS, 'content-type': 'text/html; charset=utf-8' });
  response.end(
    (await isFile(notFoundPage))
      ? await readFile(notFoundPage)
      : '<!doctype html><title>Not found</title><p>Not found</p>',
  );
}
