import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dynamo } from '../lambdas/shared/clients';
import { startLocal, type LocalRuntime } from '../lib/local/runtime';
import { areas } from '../lib/routes';
import { apiClient } from '../test/support/api';
import { startBareServer } from './bench/bare-server';
import { BUNDLE_ALL, measureBundle, SDK_EXTERNAL, type BundleFigures } from './bench/bundles';
import { measureCapacity, type CapacityReport } from './bench/capacity';
import { Cleanup } from './bench/cleanup';
import { attachProbe } from './bench/dynamo-probe';
import { captureHandlerLogs, type HandlerLogs } from './bench/handler-logs';
import { startLoadGenerator } from './bench/load';
import { fixed, heading, integer, print } from './bench/output';
import { printBundles, printCapacity, printHandlerDynamo, printThroughput } from './bench/report';
import { measureThroughput, type Measurement, type Target } from './bench/throughput';

/**
 * Prints figures about this product on this machine (never asserts): HTTP throughput of local mode
 * against a bare node:http server, DynamoDB units per click, and each Lambda bundle's size and
 * import time. `BENCH_SECONDS` sets the length of each load run (default 5).
 */

const CONNECTIONS = [1, 16, 64];
/** Enough users that 64 connections are not all one user's clicks, few enough to sign in quickly. */
const USERS = 16;
const WARMUP_SECONDS = 1;
const IMPORT_RUNS = 5;
const BARE = 'bare node:http';

const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function benchSeconds(): number {
  const raw = process.env.BENCH_SECONDS;
  if (raw === undefined || raw === '') return 5;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(`BENCH_SECONDS must be a positive number, not "${raw}"`);
  return seconds;
}

const cleanup = new Cleanup();

interface Local {
  readonly url: string;
  readonly table: string;
  readonly shards: number;
  readonly tokens: string[];
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
  const tokens: string[] = [];
  for (let i = 0; i < USERS; i++) tokens.push((await api.newUser('bench')).token);
  print(
    `Registered and signed in ${USERS} users through the HTTP API in ${integer(Date.now() - registering)} ms`,
  );
  return { url, table, shards, tokens, logs, stop };
}

async function sectionThroughput(local: Local, seconds: number): Promise<Measurement[]> {
  heading('2. HTTP throughput (autocannon, in a child process)');
  print(`Each run ${seconds} s after a ${WARMUP_SECONDS} s warm-up per target. POST /api/clicks rotates`);
  print(`through the ${USERS} users' tokens, one per request; GET /api/clicks is anonymous.`);
  print('"vs bare" = req/s divided by the bare server\'s at the same connection count. The servers (bare,');
  print('local gateway, handlers) share this process; DynamoDB Local and cognito-local are child processes.');
  const bare = await startBareServer();
  const stopBare = cleanup.add('stop bare server', () => bare.stop());
  const generator = startLoadGenerator();
  const stopGenerator = cleanup.add('stop load generator', () => generator.stop());
  // The handlers' own client: the probe sees every request they send under load.
  const probe = attachProbe(dynamo());
  const targets: Target[] = [
    { name: BARE, url: `${bare.url}/`, method: 'GET', tokens: [], local: false },
    {
      name: 'POST /api/clicks',
      url: `${local.url}/api/clicks`,
      method: 'POST',
      tokens: local.tokens,
      local: true,
    },
    { name: 'GET /api/clicks', url: `${local.url}/api/clicks`, method: 'GET', tokens: [], local: true },
  ];
  const measurements = await measureThroughput(targets, {
    generator,
    probe,
    logs: local.logs,
    connections: CONNECTIONS,
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
  heading(
    `4. Lambda bundles (esbuild: platform node, cjs, minify, bundle; ${IMPORT_RUNS} fresh imports each)`,
  );
  print(`"${BUNDLE_ALL.name}" is what this bench was asked to measure; "${SDK_EXTERNAL.name}" is what`);
  print(
    'lib/constructs/area-function.ts deploys (SDK from the runtime; here from node_modules via NODE_PATH).',
  );
  print(`Import times are on this machine's node ${process.version}, not Lambda's.`);
  const bundleDir = mkdtempSync(join(tmpdir(), 'cloud-clicker-bundles-'));
  cleanup.add('remove bundle dir', () => rmSync(bundleDir, { recursive: true, force: true }));
  const bundles: BundleFigures[] = [];
  for (const area of areas) {
    for (const variant of [BUNDLE_ALL, SDK_EXTERNAL]) {
      progress(`  bundling and importing ${area} (${variant.name})...`);
      bundles.push(await measureBundle(area, variant, bundleDir, IMPORT_RUNS));
    }
  }
  printBundles(bundles);
  return bundles;
}

async function main(): Promise<void> {
  const started = Date.now();
  const seconds = benchSeconds();
  cleanup.exitOnSignal(progress);
  try {
    print(
      `Cloud Clicker bench — node ${process.version}, ${cpus().length} CPU(s), ${seconds} s per load run`,
    );
    const local = await sectionLocal();
    const measurements = await sectionThroughput(local, seconds);
    const capacity = await sectionCapacity(local);
    // Frees the CPU (DynamoDB Local's JVM) before timing imports.
    await local.stop();
    const bundles = await sectionBundles();
    print();
    print(summary(measurements, capacity, bundles, (Date.now() - started) / 1000));
  } finally {
    if (!cleanup.interrupted) await cleanup.runAll(progress);
  }
}

function summary(
  measurements: readonly Measurement[],
  capacity: CapacityReport,
  bundles: readonly BundleFigures[],
  elapsedS: number,
): string {
  const [click, keyed] = capacity.rows.map((r) => r.formula);
  const at = (name: string, connections: number): Measurement | undefined =>
    measurements.find((m) => m.target.name === name && m.connections === connections);
  const peak = Math.max(...CONNECTIONS);
  const post = at('POST /api/clicks', peak);
  const get = at('GET /api/clicks', peak);
  const base = at(BARE, peak);
  const pct = (m: Measurement | undefined): string =>
    m && base
      ? `${fixed((100 * m.result.requestsPerSecond) / base.result.requestsPerSecond, 1)}% of bare`
      : '-';
  const all = bundles.filter((b) => b.variant === BUNDLE_ALL);
  const kib = all.map((b) => b.bytes / 1024);
  const ms = all.map((b) => b.importMs);
  return (
    `Summary @${peak} conns: POST /api/clicks ${integer(post?.result.requestsPerSecond ?? NaN)} req/s (${pct(post)}, ` +
    `p99 ${fixed(post?.result.p99Ms ?? NaN, 0)} ms), GET ${integer(get?.result.requestsPerSecond ?? NaN)} req/s ` +
    `(${pct(get)}); a click = ${click ? `${click.write} WCU + ${click.read} RCU` : '?'}` +
    `${keyed ? ` (${keyed.write} WCU with an Idempotency-Key)` : ''}; bundles ` +
    `${fixed(Math.min(...kib), 0)}–${fixed(Math.max(...kib), 0)} KiB, import ${fixed(Math.min(...ms), 0)}–` +
    `${fixed(Math.max(...ms), 0)} ms; run ${fixed(elapsedS, 0)} s`
  );
}

main().catch((error: unknown) => {
  // After Ctrl-C, whatever was running fails as its processes stop; the signal handler reports and exits.
  if (cleanup.interrupted) return;
  progress(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
