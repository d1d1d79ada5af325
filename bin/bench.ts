// First: the handlers local mode loads import middy, which needs this resolution under tsx.
import '../lib/local/esm-only-packages';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClickSettings } from '../lib/functions';
import { DEFAULT_CLICK_BURST, DEFAULT_CLICK_RATE_PER_SECOND } from '../lib/config';
import { localAwsClientConfig } from '../lib/local/dynamodb-local';
import { startLocal, type LocalRuntime } from '../lib/local/runtime';
import { apiClient } from '../test/support/api';
import { startBareServer } from './bench/bare-server';
import { deployedBundles } from '../lib/bundling';
import { measureBundle, type BundleFigures } from './bench/bundles';
import { measureCapacity, type CapacityReport } from './bench/capacity';
import { ItemSizes } from './bench/capacity-formula';
import {
  clickEngineTargets,
  clickTargets,
  isClickRun,
  isReadRun,
  NAMES,
  perUnit,
  printClickEngine,
  ROUND_TARGETS,
  runCost,
  TARGET_CONNECTIONS,
  verdictText,
  type RunCost,
} from './bench/click-engine';
import { ClickLedger } from './bench/click-ledger';
import { STEADY_ROUNDS, STEADY_SPREAD, warmEngine } from './bench/engine-warmup';
import { Cleanup } from './bench/cleanup';
import { costRows, dollarsPerMillion, printCosts, type CostRow, type Shares } from './bench/costs';
import { cpuMeter, type CpuMeter } from './bench/cpu-meter';
import { attachProbe, type Probe } from './bench/dynamo-probe';
import { createEngineTable } from './bench/engine-bound';
import { seedFixtures, signUp, type BenchUser, type Fixtures } from './bench/fixtures';
import { captureHandlerLogs, type HandlerLogs } from './bench/handler-logs';
import { API_POLL_MS, LAG_GAP_MS, LAG_POLL_MS, LAG_TARGET_MS, measureLag, type LagReport } from './bench/lag';
import { startLoadGenerator, type LoadGenerator } from './bench/load';
import { fixed, heading, integer, percentile, print } from './bench/output';
import { printBundles, printCapacity, printHandlerDynamo, printThroughput } from './bench/report';
import { runSoak } from './bench/soak';
import { clickLogTarget, readTargets, writeTargets } from './bench/targets';
import { measureThroughput, type Measurement, type Target, type ThroughputOptions } from './bench/throughput';

/**
 * Prints figures about this product on this machine (never asserts them): the click engine under
 * load against the limits measured in the same run (DynamoDB Local driven straight through the SDK,
 * a bare node:http server), what a click costs in DynamoDB units and dollars, the aggregator's lag,
 * the throughput of every other endpoint, and each Lambda bundle's size and import time.
 *
 *   BENCH_SECONDS            length of each load run, whole seconds (default 2)
 *   BENCH_CLICK_CONNECTIONS  connection counts of the click engine runs (default "1,16,64")
 *   BENCH_CONNECTIONS        connection counts of the other endpoints' runs (default "1,16")
 *   BENCH_TARGET_ROUNDS      rounds at 16 connections of UpdateItem, the click's write and POST, and of
 *                            the bare server and anonymous GET, whose median ratios judge the POST and
 *                            GET targets (default 5, the table's run included)
 *   BENCH_LAG_SAMPLES        clicks timed from acknowledged to visible (default 100)
 *   BENCH_ONLY               comma-separated filter: "clicks" (every click section), "engine", "lag",
 *                            "capacity", "bundles", or for the other endpoints an area (parks, quiz,
 *                            locations, chat, auth, ops), "reads", "writes" or part of a target's name
 *
 * `--soak` runs the soak instead (bin/bench/soak.ts).
 */

const DEFAULT_SECONDS = 2;
const DEFAULT_CLICK_CONNECTIONS = [1, 16, 64];
const DEFAULT_CONNECTIONS = [1, 16];
const DEFAULT_LAG_SAMPLES = 100;
/** Odd, so the median is one round's ratio. */
const DEFAULT_TARGET_ROUNDS = 5;
/** Enough users that 16 connections are never one user's requests, few enough to sign up quickly. */
const USERS = 32;
/** autocannon runs whole seconds: a shorter run still takes one. */
const WARMUP_SECONDS = 1;
/** Odd, so the median is one run; enough that a busy machine's outliers do not decide it. */
const IMPORT_RUNS = 11;
/**
 * The click limit local mode runs with here: the largest rate a stage may set, with the default's
 * window length (burst = 2 × rate). At the stage default (20/s, burst 40 per user) 64 connections
 * over 32 users would be answered mostly 429, which measures the limit rather than the engine.
 */
const BENCH_CLICK_SETTINGS: ClickSettings = { ratePerSecond: 1000, burst: 2000, aggregationWindowSeconds: 0 };
/** Words of BENCH_ONLY whose sections need users only, no seeded reviews, posts or locations. */
const USERS_ONLY_SECTIONS = ['clicks', 'engine', 'lag', 'capacity', 'bundles'];

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

function connectionCounts(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const counts = raw.split(',').map((part) => Number(part.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 1000))
    throw new Error(`${name} must be whole numbers from 1 to 1000, e.g. "1,16", not "${raw}"`);
  return [...new Set(counts)].sort((a, b) => a - b);
}

function targetRounds(): number {
  const raw = process.env.BENCH_TARGET_ROUNDS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_TARGET_ROUNDS;
  const rounds = Number(raw);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20)
    throw new Error(`BENCH_TARGET_ROUNDS must be a whole number from 1 to 20, not "${raw}"`);
  return rounds;
}

function lagSamples(): number {
  const raw = process.env.BENCH_LAG_SAMPLES;
  if (raw === undefined || raw.trim() === '') return DEFAULT_LAG_SAMPLES;
  const samples = Number(raw);
  if (!Number.isInteger(samples) || samples < 1)
    throw new Error(`BENCH_LAG_SAMPLES must be a whole number of at least 1, not "${raw}"`);
  return samples;
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

const wanted = (only: string[] | undefined, ...sections: string[]): boolean =>
  only === undefined || sections.some((s) => only.includes(s));

const cleanup = new Cleanup();
let sections = 0;
const section = (title: string): void => heading(`${++sections}. ${title}`);

interface Local {
  readonly url: string;
  readonly endpoint: string;
  readonly tables: { readonly clicks: string; readonly totals: string };
  readonly users: readonly BenchUser[];
  /** Undefined when BENCH_ONLY selects nothing that reads them. */
  readonly fixtures: Fixtures | undefined;
  readonly api: ReturnType<typeof apiClient>;
  readonly logs: HandlerLogs;
  readonly bareUrl: string;
  readonly generator: LoadGenerator;
  /** On the handlers' own client: sees every request they and the click aggregator send. */
  readonly probe: Probe;
  readonly ledger: ClickLedger;
  /** Undefined where /proc cannot be read. */
  readonly cpu: CpuMeter | undefined;
  readonly stop: () => Promise<void>;
}

async function sectionLocal(only: string[] | undefined): Promise<Local> {
  section('Local mode');
  const dataDir = mkdtempSync(join(tmpdir(), 'cloud-clicker-bench-'));
  cleanup.add('remove temp dir', () => rmSync(dataDir, { recursive: true, force: true }));
  const logs = captureHandlerLogs();
  cleanup.add('restore stdout', () => logs.restore());
  const started = Date.now();
  const starting = startLocal({
    port: 0,
    dataDir,
    clicks: BENCH_CLICK_SETTINGS,
    log: (line) => progress(`  ${line}`),
  });
  // Registered before it resolves, so Ctrl-C during start-up still stops the emulators it starts.
  const stopLocal = cleanup.add('stop local mode', async () => {
    const local = await starting.catch(() => undefined);
    await local?.stop();
  });
  const local: LocalRuntime = await starting;
  // Same host for both servers, so name resolution (::1 vs 127.0.0.1) cannot differ between them.
  const url = local.url.replace('localhost', '127.0.0.1');
  const tables = { clicks: local.tableNames.clicks, totals: local.tableNames.clickTotals };
  const endpoint = local.dynamoEndpoint;
  print(`Local mode at ${url}, started in ${fixed((Date.now() - started) / 1000, 1)} s`);
  print(`Data dir ${dataDir}; tables ${tables.clicks} and ${tables.totals}`);
  print('DynamoDB Local keeps its tables on disk there (-dbPath), as `npm start` does.');
  print(
    `Click rate limit raised to ${integer(BENCH_CLICK_SETTINGS.ratePerSecond)}/s, burst ${integer(BENCH_CLICK_SETTINGS.burst)} per user ` +
      `(stage default ${DEFAULT_CLICK_RATE_PER_SECOND}/s, burst ${DEFAULT_CLICK_BURST}), so that`,
  );
  print(
    `the load measures the engine, not the limit; the click's write is the same. Section "DynamoDB units"`,
  );
  print('measures a click over a limit.');

  const registering = Date.now();
  const api = apiClient(url);
  const users = await signUp(api, 'bench', USERS);
  print(
    `Signed up and signed in ${USERS} users through the HTTP API in ${integer(Date.now() - registering)} ms`,
  );
  let fixtures: Fixtures | undefined;
  if (only === undefined || only.some((word) => !USERS_ONLY_SECTIONS.includes(word))) {
    const seeding = Date.now();
    fixtures = await seedFixtures(api, users);
    print(
      `Seeded in ${integer(Date.now() - seeding)} ms: each user has a review and a post on ${fixtures.readPark}, ` +
        `${fixtures.locationsPerUser} saved locations, a quiz result and a conversation`,
    );
  }

  const bare = await startBareServer();
  const stopBare = cleanup.add('stop bare server', () => bare.stop());
  const generator = startLoadGenerator();
  const stopGenerator = cleanup.add('stop load generator', () => generator.stop());
  const probe = attachProbe(local.dynamo);
  const cpu = cpuMeter(() => ({
    'DynamoDB Local': local.emulatorPids().get('DynamoDB Local'),
    'local mode': process.pid,
    'load generator': generator.pid,
  }));
  const ledger = new ClickLedger(endpoint, tables.clicks, tables.totals);
  cleanup.add('close the click ledger', () => ledger.destroy());
  const stop = async (): Promise<void> => {
    probe.detach();
    await stopGenerator();
    await stopBare();
    await stopLocal();
  };
  return {
    url,
    endpoint,
    tables,
    users,
    fixtures,
    api,
    logs,
    bareUrl: bare.url,
    generator,
    probe,
    ledger,
    cpu,
    stop,
  };
}

interface EngineSection {
  readonly measurements: Measurement[];
  /** `measurements`, then each extra round of the POST target's runs. */
  readonly rounds: Measurement[][];
  readonly costs: RunCost[];
}

/**
 * DynamoDB Local makes every write to a table with a stream dearer in proportion to the stream records
 * other tables wrote before that table's first one (measured: 5,000 before it, about ten times the CPU
 * per write; one record before, no difference). The clicks table is local mode's only streamed table,
 * so this never happens there; in the bench the engine table's stream would start first and the clicks
 * table would pay for it. One click first, so that both streams start together.
 */
async function startClickStream(local: Local): Promise<void> {
  const click = await local.api.call('POST', '/api/clicks', { token: local.users[0].token });
  if (click.status !== 200) throw new Error(`The first click answered ${click.status}`);
  print('One click before the engine table takes its first write: DynamoDB Local slows each write to a');
  print("streamed table by the stream records other tables wrote before that table's first (5,000 before:");
  print('about 10× the CPU per write), so that both streams start together.');
}

async function sectionClickEngine(
  local: Local,
  seconds: number,
  connections: readonly number[],
): Promise<EngineSection> {
  section('Click engine: POST and GET /api/clicks against the engine bound');
  await startClickStream(local);
  // The keyed clicks get users of their own: an item keeps the keys it claimed for 10 minutes, up to 16
  // of them, and the clicks without a key would otherwise write items half a kilobyte heavier than the
  // engine bound's, as a user of the page and of the plain API at once.
  const keyedUsers = await signUp(local.api, 'bench_keyed', USERS);
  const dropEngineTable = cleanup.add(
    'drop the engine table',
    await createEngineTable(local.endpoint, local.users.length),
  );
  print(`Each run ${seconds} s, at ${connections.join(', ')} connection(s); at each count every target runs`);
  print(
    `in turn (seconds apart), after one ${WARMUP_SECONDS} s warm-up per target. Clicks rotate through ${USERS} users`,
  );
  print(`(POST + Idempotency-Key: ${USERS} other users, a fresh key per request: the keys an item`);
  print('keeps for 10 minutes never weigh on the clicks without one); after each POST run the bench');
  print('waits for the stream to drain. Engine bound: the SDK straight to the same DynamoDB Local, from the');
  print(`load generator's process, one request at a time per connection: UpdateItem "ADD clicks :one" on`);
  print(
    `one of ${USERS} user-like items (a table defined like the clicks table, stream included) and GetItem of`,
  );
  print("one of them (eventually consistent, like the read of the total). Beside them the click's own write");
  print('(ClickStore.recordClick) through the SDK to the clicks table, with the aggregator running.');
  print("No request asks for its consumed capacity: that costs DynamoDB Local more for the click's write");
  print('than for UpdateItem (units are priced by DynamoDB\'s rules; section "DynamoDB units" checks them).');
  print("Anonymous GETs pass local mode's emulated CloudFront cache, as in AWS; signed-in GETs always reach");
  print('the handler.');
  const targets = clickEngineTargets({
    ...local,
    keyedUsers,
    clickLimit: { perSecond: BENCH_CLICK_SETTINGS.ratePerSecond, burst: BENCH_CLICK_SETTINGS.burst },
  });
  const options: ThroughputOptions = {
    generator: local.generator,
    probe: local.probe,
    logs: local.logs,
    connections,
    seconds,
    warmupSeconds: Math.min(WARMUP_SECONDS, seconds),
    order: 'connections',
    progress,
    cpu: local.cpu,
  };
  progress('  warming up DynamoDB Local...');
  const warmup = await warmEngine(targets, options);
  print(
    `DynamoDB Local warmed up first (its JIT), until UpdateItem @${TARGET_CONNECTIONS} held within ${STEADY_SPREAD * 100} % for ${STEADY_ROUNDS} rounds: ` +
      warmup.map((r) => `${integer(r.update)}/s`).join(' → ') +
      ` (POST ${warmup.map((r) => `${integer(r.post)}/s`).join(' → ')}).`,
  );
  const measurements = await measureThroughput(targets, options);
  const rounds = [measurements];
  if (connections.includes(TARGET_CONNECTIONS)) {
    const compared = targets.filter((t) => ROUND_TARGETS.includes(t.name));
    for (let round = 1; round < targetRounds(); round++)
      rounds.push(
        await measureThroughput(compared, {
          ...options,
          connections: [TARGET_CONNECTIONS],
          warmupSeconds: 0,
        }),
      );
  }
  await dropEngineTable();
  // Item sizes for the rule's prices, read with a client the probe does not watch.
  const lookups = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig(local.endpoint)));
  const sizes = new ItemSizes(lookups);
  const costs: RunCost[] = [];
  for (const m of measurements.filter((m) => isClickRun(m) || isReadRun(m)))
    costs.push(await runCost(m, local.tables, sizes));
  lookups.destroy();
  print();
  printClickEngine(rounds, costs);
  print();
  print(
    'Inside the handlers: their own time, and the DynamoDB requests they made (latency as the SDK saw it)',
  );
  printHandlerDynamo(measurements);
  for (const problem of local.logs.problems()) print(`  handler log: ${problem.slice(0, 300)}`);
  return { measurements, rounds, costs };
}

async function sectionLag(local: Local, samples: number): Promise<LagReport> {
  section('Aggregator lag: click acknowledged → in the total, and in GET /api/clicks');
  print(
    `${samples} clicks, one at a time with nothing else writing, 0–${LAG_GAP_MS} ms apart. After each 200,`,
  );
  print(
    `a strongly consistent read of the total item every ${LAG_POLL_MS} ms until it is the total read just`,
  );
  print(
    `before the click plus one (the aggregator's lag); meanwhile anonymous GET /api/clicks every ${API_POLL_MS} ms,`,
  );
  print("through local mode's emulated CloudFront cache (1 s) and the container's latest total (≤ 1 s old).");
  const lag = await measureLag(local.api, local.users, local.ledger, samples, progress);
  const refused = Object.entries(lag.refused).map(([status, n]) => `${n}× ${status}`);
  if (!lag.drain.drained)
    print(
      `Before the first sample the stream had not drained after ${fixed(lag.drain.ms / 1000, 0)} s ` +
        `(total ${integer(lag.drain.total)}, Σ user clicks ${integer(lag.drain.userClicks)}).`,
    );
  const spread = (ms: readonly number[]): string =>
    ms.length === 0
      ? 'no sample'
      : `p50 ${integer(percentile(ms, 0.5))} ms, p99 ${integer(percentile(ms, 0.99))} ms, ` +
        `max ${integer(Math.max(...ms))} ms over ${ms.length} samples`;
  print(
    `In the total item:      ${spread(lag.ms)}` +
      (lag.timedOut ? `, ${lag.timedOut} not there within 10 s` : '') +
      ` — ${lagVerdict(lag)}`,
  );
  print(`In GET /api/clicks:     ${spread(lag.apiMs)} (the caches add up to 2 s by design)`);
  if (refused.length > 0) print(`Clicks not acknowledged: ${refused.join(', ')}`);
  print('Local mode polls each stream shard every 250 ms when it is idle, as Lambda does, and hands a batch');
  print('over at once (batching window 0 s); a stage with a batching window adds up to that window.');
  return lag;
}

function lagVerdict(lag: LagReport): string {
  if (lag.ms.length === 0) return `target p99 ≤ ${LAG_TARGET_MS / 1000} s: not measured`;
  const met = lag.timedOut === 0 && percentile(lag.ms, 0.99) <= LAG_TARGET_MS;
  return `target p99 ≤ ${LAG_TARGET_MS / 1000} s: ${met ? 'met' : 'missed'}`;
}

async function sectionCapacity(local: Local): Promise<CapacityReport> {
  section('DynamoDB units per operation (the click stores against DynamoDB Local, one at a time)');
  const capacity = await measureCapacity(local.endpoint, local.tables.clicks, local.tables.totals);
  printCapacity(capacity);
  return capacity;
}

function sharesFrom(engine: EngineSection | undefined): Shares {
  const runs = engine?.costs ?? [];
  // The targets' connection count if it ran, else the nearest.
  const connections =
    [...new Set(runs.map((c) => c.measurement.connections))].sort(
      (a, b) => Math.abs(a - TARGET_CONNECTIONS) - Math.abs(b - TARGET_CONNECTIONS),
    )[0] ?? TARGET_CONNECTIONS;
  const share = (name: string) => {
    const cost = runs.find(
      (c) => c.measurement.target.name === name && c.measurement.connections === connections,
    );
    return cost ? perUnit(cost) : undefined;
  };
  return {
    connections,
    post: share(NAMES.post),
    keyed: share(NAMES.keyed),
    anonymous: share(NAMES.anonymous),
    signedIn: share(NAMES.signedIn),
  };
}

function sectionCosts(capacity: CapacityReport, shares: Shares): CostRow[] {
  section('What a click costs in DynamoDB (on-demand, us-east-1)');
  const rows = costRows(capacity, shares);
  printCosts(rows, shares);
  return rows;
}

async function sectionOtherEndpoints(
  local: Local,
  seconds: number,
  connections: readonly number[],
  only: string[] | undefined,
): Promise<Measurement[]> {
  const { fixtures } = local;
  const targets = [
    clickLogTarget(local.url),
    ...(fixtures
      ? [...readTargets(local.url, fixtures), ...writeTargets(local.url, fixtures, local.api)]
      : []),
  ].filter((t) => selected(only, t));
  if (targets.length === 0) return [];
  section('HTTP throughput of the other endpoints (autocannon, in a child process)');
  print(
    `Each run ${seconds} s after a ${WARMUP_SECONDS} s warm-up per target, at ${connections.join(' and ')}`,
  );
  print(`connection(s). Requests with a token rotate through ${USERS} users, one user per request.`);
  print('Writes: PUT …/reviews/me on a park nobody has reviewed, another park each run, stars 1→2→…→5→1');
  print('per user (each write a create or a change of stars); POST …/posts with a fresh title; POST');
  print('/api/locations over enough users to stay under the cap of 200, signing up fresh ones when needed.');
  print(`Reads ask about a park with ${USERS} reviews and ${USERS} posts.`);
  print('"vs bare" = req/s divided by the bare server\'s at the same connection count. The servers (bare,');
  print('local gateway, handlers) share this process; DynamoDB Local and cognito-local are child processes.');
  const baseline: Target = {
    name: NAMES.bare,
    tags: [],
    local: false,
    workload: () => ({ kind: 'http', origin: local.bareUrl, requests: [{ method: 'GET', path: '/' }] }),
  };
  const measurements = await measureThroughput([baseline, ...targets], {
    generator: local.generator,
    probe: local.probe,
    logs: local.logs,
    connections,
    seconds,
    warmupSeconds: Math.min(WARMUP_SECONDS, seconds),
    order: 'target',
    progress,
  });
  print();
  printThroughput(measurements, NAMES.bare);
  print();
  print(
    'Inside the handlers: their own time, and the DynamoDB requests they made (latency as the SDK saw it)',
  );
  printHandlerDynamo(measurements);
  for (const problem of local.logs.problems()) print(`  handler log: ${problem.slice(0, 300)}`);
  return measurements;
}

async function sectionBundles(): Promise<BundleFigures[]> {
  section(`Lambda bundles (built with lib/bundling.ts, as deployed; ${IMPORT_RUNS} fresh imports each)`);
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
  const clickConnections = connectionCounts('BENCH_CLICK_CONNECTIONS', DEFAULT_CLICK_CONNECTIONS);
  const connections = connectionCounts('BENCH_CONNECTIONS', DEFAULT_CONNECTIONS);
  const samples = lagSamples();
  const only = benchOnly();
  print(
    `Cloud Clicker bench — node ${process.version}, ${cpus().length} CPU(s) (load average ` +
      `${fixed(loadavg()[0], 1)} at start), ${seconds} s per load run` +
      (only ? `, BENCH_ONLY=${only.join(',')}` : ''),
  );
  let engine: Awaited<ReturnType<typeof sectionClickEngine>> | undefined;
  let lag: LagReport | undefined;
  let costs: CostRow[] = [];
  let others: Measurement[] = [];
  // Bundles alone need no local mode.
  if (only === undefined || only.some((word) => word !== 'bundles')) {
    const local = await sectionLocal(only);
    engine = wanted(only, 'clicks', 'engine')
      ? await sectionClickEngine(local, seconds, clickConnections)
      : undefined;
    lag = wanted(only, 'clicks', 'lag') ? await sectionLag(local, samples) : undefined;
    const capacity = wanted(only, 'clicks', 'capacity') ? await sectionCapacity(local) : undefined;
    costs = capacity ? sectionCosts(capacity, sharesFrom(engine)) : [];
    others = await sectionOtherEndpoints(local, seconds, connections, only);
    // Frees the CPU (DynamoDB Local's JVM) before timing imports.
    await local.stop();
  }
  const bundles = wanted(only, 'bundles') ? await sectionBundles() : [];
  heading('Summary');
  summary({ engine, lag, costs, others, bundles, connections, elapsedS: (Date.now() - started) / 1000 });
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

function summary(results: {
  engine: EngineSection | undefined;
  lag: LagReport | undefined;
  costs: readonly CostRow[];
  others: readonly Measurement[];
  bundles: readonly BundleFigures[];
  connections: readonly number[];
  elapsedS: number;
}): void {
  const { engine, lag, costs, others, bundles } = results;
  if (engine) {
    for (const verdict of clickTargets(engine.rounds)) {
      const run = engine.measurements.find(
        (m) => m.target.name === verdict.target && m.connections === verdict.connections,
      );
      print(
        `${verdict.target} @${verdict.connections}: ${run ? `${integer(run.result.okPerSecond)}/s, ` : ''}${verdictText(verdict)}`,
      );
    }
  }
  if (lag && lag.ms.length > 0)
    print(
      `Aggregator lag: p50 ${integer(percentile(lag.ms, 0.5))} ms, p99 ${integer(percentile(lag.ms, 0.99))} ms (${lagVerdict(lag)}); ` +
        `in GET /api/clicks p50 ${integer(percentile(lag.apiMs, 0.5))} ms, p99 ${integer(percentile(lag.apiMs, 0.99))} ms`,
    );
  for (const row of costs.slice(0, 2)) {
    const write = row.write + row.aggregator;
    const read = row.read + row.refresh;
    print(
      `${row.request}: ${fixed(write, 3)} WCU + ${fixed(read, 4)} RCU = ` +
        (Number.isFinite(write + read) ? `$${fixed(dollarsPerMillion(write, read), 3)} per million` : '-'),
    );
  }
  const peak = Math.max(...results.connections);
  const rps = (m: Measurement): number => m.result.requestsPerSecond;
  const atPeak = others.filter((m) => m.connections === peak);
  const base = atPeak.find((m) => m.target.name === NAMES.bare);
  const share = (m: Measurement): string => (base ? `${fixed((100 * rps(m)) / rps(base), 1)}%` : '-');
  const reads = atPeak.filter((m) => m.target.tags.includes('reads')).sort((a, b) => rps(a) - rps(b));
  if (reads.length > 0) {
    const [slow, fast] = [reads[0], reads[reads.length - 1]];
    print(
      reads.length === 1
        ? `${slow.target.name} @${peak}: ${integer(rps(slow))} req/s (${share(slow)} of bare)`
        : `Other reads @${peak}: ${integer(rps(slow))}–${integer(rps(fast))} req/s (${share(slow)}–${share(fast)} of bare; ` +
            `slowest ${slow.target.name}, fastest ${fast.target.name})`,
    );
  }
  const writes = atPeak.filter((m) => m.target.tags.includes('writes'));
  if (writes.length > 0)
    print(
      `Other writes @${peak}: ${writes
        .map((m) => `${m.target.name} ${integer(rps(m))} req/s p99 ${integer(m.result.p99Ms)} ms`)
        .join(', ')}`,
    );
  const all = [...(engine?.measurements ?? []), ...others];
  const limited = all.reduce((n, m) => n + (m.result.statuses['429'] ?? 0), 0);
  const failed = all.reduce((n, m) => n + m.result.errors + m.result.non2xx, 0) - limited;
  print(`${integer(failed)} errors/non-2xx other than 429 in all runs; ${integer(limited)} × 429`);
  if (bundles.length > 0) {
    const kib = bundles.map((b) => b.bytes / 1024);
    const ms = bundles.map((b) => b.importMs);
    print(
      `Bundles (as deployed) ${fixed(Math.min(...kib), 0)}–${fixed(Math.max(...kib), 0)} KiB, import ` +
        `${fixed(Math.min(...ms), 0)}–${fixed(Math.max(...ms), 0)} ms`,
    );
  }
  print(`Run ${fixed(results.elapsedS, 0)} s`);
}

main().catch((error: unknown) => {
  // After Ctrl-C, whatever was running fails as its processes stop; the signal handler reports and exits.
  if (cleanup.interrupted) return;
  progress(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
