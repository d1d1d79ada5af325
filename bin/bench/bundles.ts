import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import type { Area } from '../../lib/routes';
import { median } from './output';

const run = promisify(execFile);
const REPO_ROOT = resolve(__dirname, '..', '..');

export interface BundleVariant {
  readonly name: string;
  readonly target: string;
  readonly external: readonly string[];
}

/** What the bench is asked to measure: everything in the bundle, as NodejsFunction would build it. */
export const BUNDLE_ALL: BundleVariant = { name: 'all bundled', target: 'node22', external: [] };

/**
 * What lib/constructs/area-function.ts actually deploys today: the SDK left to the Lambda runtime.
 * Its import time here loads the SDK from this repository's node_modules, standing in for the runtime's.
 */
export const SDK_EXTERNAL: BundleVariant = {
  name: 'SDK external',
  target: 'node24',
  external: ['@aws-sdk/*', '@smithy/*'],
};

export interface BundleFigures {
  readonly area: Area;
  readonly variant: BundleVariant;
  readonly bytes: number;
  /** Median time to require() the bundle in a fresh node process. */
  readonly importMs: number;
  /** Largest contributors to the bundle, by package (scope for scoped packages). */
  readonly biggest: readonly { readonly name: string; readonly share: number }[];
}

interface Built {
  readonly outfile: string;
  readonly bytes: number;
  readonly biggest: BundleFigures['biggest'];
}

async function bundleArea(area: Area, variant: BundleVariant, outDir: string): Promise<Built> {
  const outfile = join(outDir, variant.name.replace(/\W+/g, '-'), `${area}.js`);
  const result = await build({
    entryPoints: [join(REPO_ROOT, 'lambdas', area, 'handler.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: variant.target,
    format: 'cjs',
    minify: true,
    external: [...variant.external],
    metafile: true,
    logLevel: 'silent',
  });
  return { outfile, bytes: statSync(outfile).size, biggest: biggestPackages(result.metafile) };
}

/**
 * Times only the require() of the bundle, in a fresh process each time so that nothing is cached;
 * node's own start-up is outside the measurement.
 */
async function timeImport(bundle: string, runs: number, externalSdk: boolean): Promise<number> {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(bundle)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (externalSdk) env.NODE_PATH = join(REPO_ROOT, 'node_modules');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, ['-e', script], { env, cwd: REPO_ROOT });
    times.push(Number(stdout.trim().split('\n').pop()));
  }
  return median(times);
}

export async function measureBundle(
  area: Area,
  variant: BundleVariant,
  outDir: string,
  runs: number,
): Promise<BundleFigures> {
  const built = await bundleArea(area, variant, outDir);
  const importMs = await timeImport(built.outfile, runs, variant.external.length > 0);
  return { area, variant, bytes: built.bytes, biggest: built.biggest, importMs };
}

function biggestPackages(metafile: Metafile, top = 3): { name: string; share: number }[] {
  const bytes = new Map<string, number>();
  let total = 0;
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name = packageOf(path);
      bytes.set(name, (bytes.get(name) ?? 0) + input.bytesInOutput);
      total += input.bytesInOutput;
    }
  }
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, n]) => ({ name, share: total === 0 ? 0 : n / total }));
}

function packageOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return 'own code';
  const [first] = path.slice(at + 'node_modules/'.length).split('/');
  return first;
}
