import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dynamo } from '../lambdas/shared/clients';
import { startLocal, type LocalRuntime } from '../lib/local/runtime';
import { apiClient } from '../test/support/api';
import { startBareServer } from './bench/bare-server';
import { deployedBundles } from '../lib/bundling';
import { measureBundle, type BundleFigures } from './bench/bundles';
import { measureCapacity, type CapacityReport } from './bench/capacity';
import { Cleanup } from './bench/cleanup';
import { attachProbe } from './bench/dynamo-probe';
import { seedFixtures, signUp, type Fixtures } from './bench/fixtures';
import { captureHandlerLogs, type HandlerLogs } from './bench/handler-logs';
import { startLoadGenerator } from './bench/load';
import { fixed, heading, integer, print } from './bench/output';
import { printBundles, printCapacity, printHandlerDynamo, printThroughput } from './bench/report';
import { runSoak } from './bench/soak';
import { readTargets, writeTargets } from './bench/targets';
import { measureThroughput, type Measurement, type Target } from './bench/throughput';

/**
 * Prints figures about this product on this machine (never asserts): HTTP throughput of every read
 * endpoint and the write paths of local mode against a bare node:http server, DynamoDB units per
 * click, and each Lambda bundle's size and import time.
 *
 *   BENCH_SECONDS      length of each load run, whole seconds (default 2)
 *   BENCH_CONNECTIONS  connection counts, e.g. "1,16,64" (default "1,16")
 *   BENCH_ONLY         comma-separated filter: an area (clicks, parks, quiz, locations, chat, auth, ops),
 *                      "reads", "writes", part of a target's name, "capacity" or "bundles"
 *
 * `--soak` runs the soak instead (bin/bench/soak.ts).
 */

const DEFAULT_SECONDS = 2;
const DEFAULT_CONNECTIONS = [1, 16];
/** Enough users that 16 connections are never one user's requests, few enough to sign up quickly. */
const USERS = 32;
/** autocannon runs whole seconds: a shorter run still takes one. */
const WARMUP_SECONDS = 1;
/** Odd, so the median is one run; enough that a busy machine's outliers do not decide it. */
const IMPORT_RUNS = 11;
const BARE = 'bare node:http';

const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function benchSeconds(): number {
  const raw = process.env.BENCH_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_SECONDS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(`BENCH_SECONDS must be a positive number, not "${raw}"`);
  return seconds;
}

function benchConnections(): number[] {
  const raw = process.env.BENCH_CONNECTIONS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_CONNECTIONS;
  const counts = raw.split(',').map((part) => Number(part.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 1000))
    throw new Error(`BENCH_CONNECTIONS must be whole numbers from 1 to 1000, e.g. "1,16", not "${raw}"`);
  return [...new Set(counts)].sort((a, b) => a - b);
}

/** BENCH_ONLY, lower-cased; undefined runs everything. */
function benchOnly(): string[] | undefined {
  const raw = process.env.BENCH_ONLY;
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length > 0);
}

const selected = (only: string[] | undefined, target: Target): boolean =>
  only === undefined ||
  only.some((word) => target.tags.includes(word) || target.name.toLowerCase().includes(word));

const sectionWanted = (only: string[] | undefined, section: string): boolean =>
  only === undefined || only.includes(section);

const cleanup = new Cleanup();

interface Local {
  readonly url: string;
  readonly table: string;
  readonly shards: number;
  readonly fixtures: Fixtures;
  readonly api: ReturnType<typeof apiClient>;
  readonly logs: HandlerLogs;
  readonly stop: () => Promise<void>;
}

async function sectionLocal(): Promise<Local> {
  heading('1. Local mode');
  const dataDir = mkdtempSync(join(tmpdir(), 'cloud-clicker-bench-'));
  cleanup.add('remove temp dir', () => rmSync(dataDir, { recursive: true, force: true }));
  const logs = captureHandlerLogs();
  cleanup.add('restore stdout', () => logs.restore());
  const started = Date.now();
  const starting = startLocal({ port: 0, dataDir, log: (line) => progress(`  ${line}`) });
  // Registered before it resolves, so Ctrl-C during start-up still stops the emulators it starts.
  const stop = cleanup.add('stop local mode', async () => {
    const local = await starting.catch(() => undefined);
    await local?.stop();
  });
  const local: LocalRuntime = await starting;
  // Same host for both servers, so name resolution (::1 vs 127.0.0.1) cannot differ between them.
  const url = local.url.replace('localhost', '127.0.0.1');
  const table = process.env.CLICKS_TABLE ?? '';
  const shards = Number(process.env.CLICK_SHARDS);
  print(`Local mode at ${url}, started in ${fixed((Date.now() - started) / 1000, 1)} s`);
  print(`Data dir ${dataDir}; table ${table}, ${shards} click shards`);
  print('DynamoDB Local keeps its tables on disk there (-dbPath), as `npm start` does.');

  const registering = Date.now();
  const api = apiClient(url);
  const users = await signUp(api, 'bench', USERS);
  print(
    `Signed up and signed in ${USERS} users through the HTTP API in ${integer(Date.now() - registering)} ms`,
  );
  const seeding = Date.now();
  const fixtures = await seedFixtures(api, users);
  print(
    `Seeded in ${integer(Date.now() - seeding)} ms: each user has a review and a post on ${fixtures.readPark}, ` +
      `${fixtures.locationsPerUser} saved locations, a quiz result and a conversation`,
  );
  return { url, table, shards, fixtures, api, logs, stop };
}

async function sectionThroughput(
  local: Local,
  seconds: number,
  connections: readonly number[],
  only: string[] | undefined,
): Promise<Measurement[]> {
  heading('2. HTTP throughput (autocannon, in a child process)');
  const targets = [
    ...readTargets(local.url, local.fixtures),
    ...writeTargets(local.url, local.fixtures, local.api),
  ].filter((t) => selected(only, t));
  if (targets.length === 0) {
    print(`BENCH_ONLY="${process.env.BENCH_ONLY}" selects no load target.`);
    return [];
  }
  print(
    `Each run ${seconds} s after a ${WARMUP_SECONDS} s warm-up per target, at ${connections.join(' and ')}`,
  );
  print(`connection(s). Requests with a token rotate through ${USERS} users, one user per request.`);
  print('Writes: POST /api/clicks without Idempotency-Key; PUT …/reviews/me on a park nobody has reviewed,');
  print('another park each run, stars 1→2→…→5→1 per user (each write a create or a change of stars); POST');
  print('…/posts with a fresh title; POST /api/locations over enough users to stay under the cap of 200,');
  print(
    `signing up fresh ones when needed. Reads ask about a park with ${USERS} reviews and ${USERS} posts.`,
  );
  print('"vs bare" = req/s divided by the bare server\'s at the same connection count. The servers (bare,');
  print('local gateway, handlers) share this process; DynamoDB Local and cognito-local are child processes.');
  const bare = await startBareServer();
  const stopBare = cleanup.add('stop bare server', () => bare.stop());
  const generator = startLoadGenerator();
  const stopGenerator = cleanup.add('stop load generator', () => generator.stop());
  // The handlers' own client: the probe sees every request they send under load.
  const probe = attachProbe(dynamo());
  const baseline: Target = {
    name: BARE,
    tags: [],
    origin: bare.url,
    local: false,
    requests: () => [{ method: 'GET', path: '/' }],
  };
  const measurements = await measureThroughput([baseline, ...targets], {
    generator,
    probe,
    logs: local.logs,
    connections,
    seconds,
    warmupSeconds: Math.min(WARMUP_SECONDS, seconds),
    progress,
  });
  probe.detach();
  await stopGenerator();
  await stopBare();
  print();
  printThroughput(measurements, BARE);
  print();
  print(
    'Inside the handlers: their own time, and the DynamoDB requests they made (latency as the SDK saw it)',
  );
  printHandlerDynamo(measurements);
  for (const problem of local.logs.problems()) print(`  handler log: ${problem.slice(0, 300)}`);
  return measurements;
}

async function sectionCapacity(local: Local): Promise<CapacityReport> {
  heading('3. DynamoDB units per operation (ClickStore against DynamoDB Local)');
  const capacity = await measureCapacity(local.table, local.shards);
  printCapacity(capacity);
  return capacity;
}

async function sectionBundles(): Promise<BundleFigures[]> {
  heading(`4. Lambda bundles (built with lib/bundling.ts, as deployed; ${IMPORT_RUNS} fresh imports each)`);
  print('Each bundle is built with the settings the CDK app deploys it with. "runtime" is what importing');
  print("it loads from outside it (Node's own modules, the runtime's AWS SDK; here from node_modules),");
  print('loaded and timed first; "import" is the bundle\'s own code after that. Medians; CPU time is less');
  print('sensitive to a busy machine than wall time.');
  print(`Times are on this machine's node ${process.version}, not Lambda's.`);
  const bundleDir = mkdtempSync(join(tmpdir(), 'cloud-clicker-bundles-'));
  cleanup.add('remove bundle dir', () => rmSync(bundleDir, { recursive: true, force: true }));
  const bundles: BundleFigures[] = [];
  for (const target of deployedBundles()) {
    progress(`  bundling and importing ${target.name}...`);
    bundles.push(await measureBundle(target, bundleDir, IMPORT_RUNS));
  }
  printBundles(bundles);
  return bundles;
}

async function bench(): Promise<void> {
  const started = Date.now();
  const seconds = benchSeconds();
  const connections = benchConnections();
  const only = benchOnly();
  print(
    `Cloud Clicker bench — node ${process.version}, ${cpus().length} CPU(s) (load average ` +
      `${fixed(loadavg()[0], 1)} at start), ${seconds} s per load run` +
      (only ? `, BENCH_ONLY=${only.join(',')}` : ''),
  );
  let measurements: Measurement[] = [];
  let capacity: CapacityReport | undefined;
  // Bundles alone need no local mode.
  if (only === undefined || only.some((word) => word !== 'bundles')) {
    const local = await sectionLocal();
    measurements = await sectionThroughput(local, seconds, connections, only);
    capacity = sectionWanted(only, 'capacity') ? await sectionCapacity(local) : undefined;
    // Frees the CPU (DynamoDB Local's JVM) before timing imports.
    await local.stop();
  }
  const bundles = sectionWanted(only, 'bundles') ? await sectionBundles() : [];
  print();
  print(summary(measurements, connections, capacity, bundles, (Date.now() - started) / 1000));
}

async function main(): Promise<void> {
  cleanup.exitOnSignal(progress);
  try {
    if (process.argv.includes('--soak')) process.exitCode = await runSoak(cleanup, progress);
    else await bench();
  } finally {
    if (!cleanup.interrupted) await cleanup.runAll(progress);
  }
}

function summary(
  measurements: readonly Measurement[],
  connections: readonly number[],
  capacity: CapacityReport | undefined,
  bundles: readonly BundleFigures[],
  elapsedS: number,
): string {
  const peak = Math.max(...connections);
  const atPeak = measurements.filter((m) => m.connections === peak);
  const base = atPeak.find((m) => m.target.name === BARE);
  const rps = (m: Measurement): number => m.result.requestsPerSecond;
  const share = (m: Measurement): string => (base ? `${fixed((100 * rps(m)) / rps(base), 1)}%` : '-');
  const parts: string[] = [];
  const reads = atPeak.filter((m) => m.target.tags.includes('reads')).sort((a, b) => rps(a) - rps(b));
  if (reads.length > 0) {
    const [slow, fast] = [reads[0], reads[reads.length - 1]];
    parts.push(
      reads.length === 1
        ? `${slow.target.name} ${integer(rps(slow))} req/s (${share(slow)} of bare)`
        : `reads ${integer(rps(slow))}–${integer(rps(fast))} req/s (${share(slow)}–${share(fast)} of bare; ` +
            `slowest ${slow.target.name}, fastest ${fast.target.name})`,
    );
  }
  const writes = atPeak.filter((m) => m.target.tags.includes('writes'));
  if (writes.length > 0) {
    parts.push(
      `writes ${writes
        .map((m) => `${m.target.name} ${integer(rps(m))} req/s p99 ${integer(m.result.p99Ms)} ms`)
        .join(', ')}`,
    );
  }
  if (measurements.length > 0) {
    const failed = measurements.reduce((n, m) => n + m.result.errors + m.result.non2xx, 0);
    parts.push(`${integer(failed)} errors/non-2xx in all runs`);
  }
  const [click, keyed] = capacity?.rows.map((r) => r.formula) ?? [];
  if (click)
    parts.push(
      `a click = ${click.write} WCU + ${click.read} RCU${keyed ? ` (${keyed.write} WCU with an Idempotency-Key)` : ''}`,
    );
  if (bundles.length > 0) {
    const kib = bundles.map((b) => b.bytes / 1024);
    const ms = bundles.map((b) => b.importMs);
    parts.push(
      `bundles ${fixed(Math.min(...kib), 0)}–${fixed(Math.max(...kib), 0)} KiB, import ` +
        `${fixed(Math.min(...ms), 0)}–${fixed(Math.max(...ms), 0)} ms`,
    );
  }
  parts.push(`run ${fixed(elapsedS, 0)} s`);
  return `Summary @${peak} conns: ${parts.join('; ')}`;
}

main().catch((error: unknown) => {
  // After Ctrl-C, whatever was running fails as its processes stop; the signal handler reports and exits.
  if (cleanup.interrupted) return;
  progress(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
