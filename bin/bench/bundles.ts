import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { type DeployedBundle, esbuildOptions } from '../../lib/bundling';
import { median } from './output';

const run = promisify(execFile);
const REPO_ROOT = resolve(__dirname, '..', '..');

export interface BundleFigures {
  readonly target: DeployedBundle;
  readonly bytes: number;
  /** The runtime's packages (AWS SDK) the bundle loads when imported, loaded first and timed apart. */
  readonly runtimePackages: readonly string[];
  /** Medians over fresh node processes: wall and CPU milliseconds. */
  readonly sdkMs: number;
  readonly importMs: number;
  readonly importCpuMs: number;
  /** Largest contributors to the bundle, by package (scope for scoped packages). */
  readonly biggest: readonly { readonly name: string; readonly share: number }[];
}

interface Timing {
  readonly sdkMs: number;
  readonly importMs: number;
  readonly importCpuMs: number;
}

/**
 * Runs in a fresh node process: loads the runtime packages, then the bundle, and prints the times.
 * `import()` for an ES module bundle, as Lambda loads an .mjs handler; `require()` otherwise.
 * With `--list`, prints which of the bundle's external packages its import loaded instead.
 */
const CHILD = `
const [bundle, esm, list, ...externals] = process.argv.slice(1);
const load = (id) => (esm === 'true' ? import(id.startsWith('/') ? 'file://' + id : id) : require(id));
(async () => {
  if (list === 'true') {
    await load(bundle);
    // An optional dependency that is not installed (ws's bufferutil) does not resolve.
    const loaded = (name) => { try { return Boolean(require.cache[require.resolve(name)]); } catch { return false; } };
    console.log(JSON.stringify(externals.filter(loaded)));
    return;
  }
  const sdkStart = performance.now();
  for (const name of externals) await load(name);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await load(bundle);
  const end = performance.now();
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ sdkMs: start - sdkStart, importMs: end - start, importCpuMs: (used.user + used.system) / 1000 }));
})();
`;

async function child(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['-e', CHILD, ...args], { cwd });
  return stdout.trim().split('\n').pop() ?? '';
}

/**
 * Builds the bundle in `outDir/<name>/`, as NodejsFunction would, and times `runs` imports of it.
 * The bundle finds the SDK in this repository's node_modules (through `outDir/node_modules`), as it
 * finds the runtime's in Lambda.
 */
export async function measureBundle(
  target: DeployedBundle,
  outDir: string,
  runs: number,
): Promise<BundleFigures> {
  const modules = join(outDir, 'node_modules');
  if (!existsSync(modules)) symlinkSync(join(REPO_ROOT, 'node_modules'), modules, 'dir');
  const dir = join(outDir, target.name.replace(/\W+/g, '-'));
  mkdirSync(dir, { recursive: true });
  const options = esbuildOptions(target.bundling, target.entry, dir);
  const result = await build({ ...options, metafile: true, logLevel: 'silent' });
  const outfile = options.outfile ?? '';
  const esm = String(options.format === 'esm');
  const externals = externalPackages(result.metafile);
  // Only the packages that importing the bundle loads: a lazily imported module's SDK is not timed.
  const runtimePackages = JSON.parse(await child(dir, [outfile, esm, 'true', ...externals])) as string[];
  const timings: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    timings.push(JSON.parse(await child(dir, [outfile, esm, 'false', ...runtimePackages])) as Timing);
  }
  return {
    target,
    bytes: statSync(outfile).size,
    runtimePackages,
    sdkMs: median(timings.map((t) => t.sdkMs)),
    importMs: median(timings.map((t) => t.importMs)),
    importCpuMs: median(timings.map((t) => t.importCpuMs)),
    biggest: biggestPackages(result.metafile),
  };
}

/** The packages the bundle leaves out and loads at run time (node's own modules aside). */
function externalPackages(metafile: Metafile): string[] {
  const names = Object.values(metafile.outputs).flatMap((output) =>
    output.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path),
  );
  return [...new Set(names)];
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
