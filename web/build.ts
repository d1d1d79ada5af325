/**
 * Builds the static site into web/dist:
 *   web/src/pages/<page>.ts  -> dist/js/<page>-<hash>.js   (+ shared chunks, source maps)
 *   web/styles/main.css      -> dist/css/main-<hash>.css
 *   web/pages/*.html         -> dist/*.html  (`<!-- #include x -->` filled from web/partials/x.html,
 *                                             asset references rewritten to the hashed names)
 *   web/public/**            -> dist/**      (favicon and other files served as they are)
 *
 * Hashed asset names let CloudFront and browsers cache /js and /css forever while the HTML stays
 * revalidated; the same sources always give the same bytes, so deploys only upload what changed.
 *
 * Usage: `tsx web/build.ts` (one build) or `tsx web/build.ts --watch` (rebuild on change).
 */
import { build, context, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const webDir = __dirname;
const srcPagesDir = path.join(webDir, 'src', 'pages');
const htmlDir = path.join(webDir, 'pages');
const partialsDir = path.join(webDir, 'partials');
const publicDir = path.join(webDir, 'public');
const stylesDir = path.join(webDir, 'styles');
const distDir = path.join(webDir, 'dist');

/** Sorted so the entry order, and with it the output, never depends on the file system. */
function listFiles(dir: string, ext: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort();
}

function entryPoints(): { in: string; out: string }[] {
  const scripts = listFiles(srcPagesDir, '.ts').map((f) => ({
    in: path.join(srcPagesDir, f),
    out: `js/${path.basename(f, '.ts')}`,
  }));
  const styles = listFiles(stylesDir, '.css').map((f) => ({
    in: path.join(stylesDir, f),
    out: `css/${path.basename(f, '.css')}`,
  }));
  return [...scripts, ...styles];
}

/** Maps the names the HTML uses (`/js/clicks.js`) to the hashed files esbuild wrote. */
function assetManifest(metafile: Metafile): Map<string, string> {
  const manifest = new Map<string, string>();
  for (const [outFile, output] of Object.entries(metafile.outputs)) {
    if (!output.entryPoint || outFile.endsWith('.map')) continue;
    const rel = path
      .relative(distDir, path.resolve(webDir, '..', outFile))
      .split(path.sep)
      .join('/');
    const logical = rel.replace(/-[A-Z0-9]+(\.(?:js|css))$/, '$1');
    manifest.set(`/${logical}`, `/${rel}`);
  }
  return manifest;
}

/** The shared head, header and footer live once in web/partials; pages include them by name. */
function includePartials(file: string, source: string): string {
  return source.replace(/^([ \t]*)<!--\s*#include\s+([\w-]+)\s*-->/gm, (_m, indent: string, name: string) => {
    const partial = path.join(partialsDir, `${name}.html`);
    if (!existsSync(partial))
      throw new Error(`${file} includes ${name}, but web/partials/${name}.html is missing`);
    return readFileSync(partial, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (line === '' ? line : indent + line))
      .join('\n');
  });
}

/** Rewrites `src="/js/x.js"` and `href="/css/y.css"`; an unknown asset fails the build. */
function writeHtml(manifest: Map<string, string>): void {
  for (const file of listFiles(htmlDir, '.html')) {
    const source = includePartials(file, readFileSync(path.join(htmlDir, file), 'utf8'));
    const html = source.replace(/(src|href)="(\/(?:js|css)\/[^"]+)"/g, (_m, attr: string, ref: string) => {
      const hashed = manifest.get(ref);
      if (!hashed) throw new Error(`${file} refers to ${ref}, which the build did not produce`);
      return `${attr}="${hashed}"`;
    });
    writeFileSync(path.join(distDir, file), html);
  }
}

function copyPublic(): void {
  if (existsSync(publicDir)) cpSync(publicDir, distDir, { recursive: true });
}

/** Finishes each build (first and watch rebuilds alike) by writing HTML and public files. */
const finishSite: Plugin = {
  name: 'finish-site',
  setup(b) {
    b.onStart(() => {
      rmSync(distDir, { recursive: true, force: true });
      mkdirSync(distDir, { recursive: true });
    });
    b.onEnd((result) => {
      if (result.errors.length > 0 || !result.metafile) return;
      copyPublic();
      writeHtml(assetManifest(result.metafile));
    });
  },
};

const options: BuildOptions = {
  absWorkingDir: path.resolve(webDir, '..'),
  entryPoints: entryPoints(),
  outdir: distDir,
  entryNames: '[dir]/[name]-[hash]',
  chunkNames: 'js/chunks/[name]-[hash]',
  assetNames: 'assets/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  // Evergreen browsers from the last few years: native modules, crypto.randomUUID, optional chaining.
  target: ['chrome100', 'firefox100', 'safari15.4', 'edge100'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [finishSite],
};

async function main(): Promise<void> {
  const started = Date.now();
  if (process.argv.includes('--watch')) {
    const ctx = await context(options);
    await ctx.watch();
    console.log(`web: watching; building into ${path.relative(process.cwd(), distDir)}`);
    return;
  }
  await build(options);
  console.log(`web: built ${path.relative(process.cwd(), distDir)} in ${Date.now() - started} ms`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
