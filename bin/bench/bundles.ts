import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import type { DeployedBundle } from '../../lib/bundling';
import { median } from './output';

const run = promisify(execFile);
const REPO_ROOT = resolve(__dirname, '..', '..');

export interface BundleFigures {
  readonly target: DeployedBundle;
  readonly bytes: number;
  /**
   * What importing the bundle loads from outside it: Node's own modules and the runtime's AWS SDK
   * packages. Loaded first and timed apart, so the import time is the bundle's own code.
   */
  readonly runtimeModules: readonly string[];
  /** Medians over fresh node processes, in milliseconds. */
  readonly runtimeMs: number;
  readonly importMs: number;
  readonly importCpuMs: number;
  /** Largest contributors to the bundle, by package (scope for scoped packages). */
  readonly biggest: readonly { readonly name: string; readonly share: number }[];
}

interface Timing {
  readonly runtimeMs: number;
  readonly importMs: number;
  readonly importCpuMs: number;
}

/**
 * Runs in a fresh node process: `node -e CHILD <bundle> <esm> <list> <module>...`. With list
 * "true", imports the bundle and prints which of the given modules that loaded; otherwise loads
 * the given modules, then the bundle, and prints the times. `import()` for an ES module bundle, as
 * Lambda loads an .mjs handler; `require()` otherwise.
 */
const CHILD = `
const [bundle, esm, list, ...modules] = process.argv.slice(1);
const load = (id) => (esm === 'true' ? import(id.startsWith('/') ? 'file://' + id : id) : require(id));
const loaded = (id) => {
  if (require('node:module').isBuiltin(id)) return process.moduleLoadList.includes('NativeModule ' + id.replace(/^node:/, ''));
  // An optional dependency that is not installed (ws's bufferutil) does not resolve.
  try { return Boolean(require.cache[require.resolve(id)]); } catch { return false; }
};
(async () => {
  if (list === 'true') {
    await load(bundle);
    console.log(JSON.stringify(modules.filter(loaded)));
    return;
  }
  const runtimeStart = performance.now();
  for (const id of modules) await load(id);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await load(bundle);
  const end = performance.now();
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ runtimeMs: start - runtimeStart, importMs: end - start, importCpuMs: (used.user + used.system) / 1000 }));
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
  const options = target.build(dir);
  const result = await build({ ...options, metafile: true, logLevel: 'silent' });
  const outfile = options.outfile ?? '';
  const esm = String(options.format === 'esm');
  const externals = externalModules(result.metafile);
  // Only what importing the bundle loads: the SDK of a lazily imported module is not timed.
  const runtimeModules = JSON.parse(await child(dir, [outfile, esm, 'true', ...externals])) as string[];
  const timings: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    timings.push(JSON.parse(await child(dir, [outfile, esm, 'false', ...runtimeModules])) as Timing);
  }
  return {
    target,
    bytes: statSync(outfile).size,
    runtimeModules,
    runtimeMs: median(timings.map((t) => t.runtimeMs)),
    importMs: median(timings.map((t) => t.importMs)),
    importCpuMs: median(timings.map((t) => t.importCpuMs)),
    biggest: biggestPackages(result.metafile),
  };
}

/** The modules the bundle leaves out and loads at run time: Node's own and the runtime's packages. */
function externalModules(metafile: Metafile): string[] {
  const ids = Object.values(metafile.outputs).flatMap((output) =>
    output.imports.filter((i) => i.external).map((i) => i.path),
  );
  return [...new Set(ids)];
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
