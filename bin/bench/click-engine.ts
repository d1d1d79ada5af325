import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ClickRateLimit } from '../../lambdas/clicks/rate-limit';
import type { ClickLedger } from './click-ledger';
import { formulaUnits, type ItemSizes, type Units } from './capacity-formula';
import type { DynamoCall } from './dynamo-probe';
import { printCpuPerRequest } from './cpu-report';
import { ENGINE_TABLE } from './engine-bound';
import type { BenchUser } from './fixtures';
import type { EngineOperation, EngineWorkload, RequestTemplate } from './load-protocol';
import { fixed, integer, median, print, table, units } from './output';
import type { Measurement, Target } from './throughput';

/**
 * The click engine under load: POST /api/clicks (with and without a key) and GET /api/clicks
 * (anonymous, which local mode's emulated CloudFront cache mostly answers, and signed in, which
 * always reaches the handler), each next to what the same DynamoDB Local does with the SDK straight
 * (the engine bound) and to a bare node:http server, all at one connection count before the next;
 * then what each counted click and each answer cost in DynamoDB requests and units, the aggregator's
 * batches and the refresh of the total included.
 */

export const NAMES = {
  bare: 'bare node:http',
  update: 'DynamoDB UpdateItem (engine)',
  get: 'DynamoDB GetItem (engine)',
  writeAlone: "the click's write, no stream reader",
  write: "the click's write, SDK straight",
  post: 'POST /api/clicks',
  keyed: 'POST /api/clicks + Idempotency-Key',
  anonymous: 'GET /api/clicks anonymous',
  signedIn: 'GET /api/clicks signed in',
} as const;

/** The targets the issue sets, at this connection count; printed beside the figures, never asserted. */
export const TARGET_CONNECTIONS = 16;
const POST_TARGET = 0.8;
const GET_TARGET = 0.5;
/** A run's clicks must be aggregated before the next run starts; past this, the bench says so and goes on. */
const SETTLE_TIMEOUT_MS = 60_000;

export interface ClickEngineContext {
  readonly url: string;
  readonly bareUrl: string;
  /** DynamoDB Local's endpoint, for the engine bound. */
  readonly endpoint: string;
  readonly users: readonly BenchUser[];
  /** Users for the clicks with an Idempotency-Key only: see bin/bench.ts. */
  readonly keyedUsers: readonly BenchUser[];
  readonly ledger: ClickLedger;
  readonly tables: { readonly clicks: string };
  /** The rate limit local mode runs with, for the click's write driven straight. */
  readonly clickLimit: ClickRateLimit;
}

export function clickEngineTargets(context: ClickEngineContext): Target[] {
  const { url, users, keyedUsers, ledger } = context;
  const http = (requests: readonly RequestTemplate[]) => ({
    kind: 'http' as const,
    origin: url,
    requests,
  });
  const engine = (operation: EngineOperation, table = ENGINE_TABLE): EngineWorkload => ({
    kind: 'engine',
    endpoint: context.endpoint,
    table,
    operation,
    items: users.length,
  });
  // Consecutive clicks come from different users, as the engine bound's writes go to different items.
  const clicks = (clickers: readonly BenchUser[], headers?: Record<string, string>): RequestTemplate[] =>
    clickers.map((u) => ({ method: 'POST', path: '/api/clicks', token: u.token, headers }));
  const settle = async (): Promise<number> => (await ledger.drained(SETTLE_TIMEOUT_MS)).ms;
  const tags = ['clicks', 'engine'];
  return [
    {
      name: NAMES.bare,
      tags: [],
      local: false,
      workload: () => ({ kind: 'http', origin: context.bareUrl, requests: [{ method: 'GET', path: '/' }] }),
    },
    { name: NAMES.update, tags, local: false, workload: () => engine({ name: 'UpdateItem' }) },
    { name: NAMES.get, tags, local: false, workload: () => engine({ name: 'GetItem' }) },
    // The same write to the engine's table, whose stream nothing reads: what the aggregator costs the engine.
    {
      name: NAMES.writeAlone,
      tags,
      local: false,
      workload: () => engine({ name: 'recordClick', limit: context.clickLimit }),
    },
    {
      name: NAMES.write,
      tags,
      local: false,
      workload: () => engine({ name: 'recordClick', limit: context.clickLimit }, context.tables.clicks),
      settle,
    },
    { name: NAMES.post, tags, local: true, workload: () => http(clicks(users)), settle },
    {
      name: NAMES.keyed,
      tags,
      local: true,
      workload: () => http(clicks(keyedUsers, { 'idempotency-key': 'bench-{seq}' })),
      settle,
    },
    {
      name: NAMES.anonymous,
      tags,
      local: true,
      workload: () => http([{ method: 'GET', path: '/api/clicks' }]),
    },
    {
      name: NAMES.signedIn,
      tags,
      local: true,
      workload: () => http(users.map((u) => ({ method: 'GET', path: '/api/clicks', token: u.token }))),
    },
  ];
}

/**
 * A run's DynamoDB work, per kind of request; units by DynamoDB's rules (no request asks DynamoDB Local
 * for them under load: section "DynamoDB units" checks the rules against its reports).
 */
interface Spend {
  calls: number;
  rule: Units;
}

/** What a POST or GET run of this section cost in DynamoDB, sorted by what each request is for. */
export interface RunCost {
  readonly measurement: Measurement;
  /** What its costs are divided by: counted clicks for a POST run, requests served for a GET run. */
  readonly units: number;
  /** Clicks refused by their condition (rate limit, replayed key). */
  readonly refused: number;
  readonly requests: number;
  /** The click's conditional write. */
  readonly writes: Spend;
  /** The user's own count (GET signed in). */
  readonly userReads: Spend;
  /** The read of the total that keeps a container's latest total fresh. */
  readonly refreshes: Spend;
  /** The aggregator's transactions: one per batch part. */
  readonly batches: Spend;
  readonly batchItems: number;
  readonly other: Spend;
}

const emptySpend = (): Spend => ({ calls: 0, rule: { read: 0, write: 0 } });

const tableOf = (call: DynamoCall): string | undefined => {
  const input = call.input as { TableName?: string } & TransactWriteCommandInput;
  if (input.TableName) return input.TableName;
  const [first] = input.TransactItems ?? [];
  return first?.Update?.TableName ?? first?.Put?.TableName ?? first?.ConditionCheck?.TableName;
};

export const isClickRun = (m: Measurement): boolean =>
  m.target.name === NAMES.post || m.target.name === NAMES.keyed;
export const isReadRun = (m: Measurement): boolean =>
  m.target.name === NAMES.anonymous || m.target.name === NAMES.signedIn;

/**
 * Sorts a run's DynamoDB requests (the run and its settling, so every batch of its clicks is in)
 * into the click's write, the user's count, the refresh of the latest total and the aggregator's
 * batches.
 */
export async function runCost(
  measurement: Measurement,
  tableNames: { readonly clicks: string; readonly totals: string },
  sizes: ItemSizes,
): Promise<RunCost> {
  const writes = emptySpend();
  const userReads = emptySpend();
  const refreshes = emptySpend();
  const batches = emptySpend();
  const other = emptySpend();
  let clicks = 0;
  let refused = 0;
  let batchItems = 0;
  for (const call of measurement.dynamo) {
    const where = tableOf(call);
    let spend = other;
    if (call.operation === 'UpdateItem' && where === tableNames.clicks) {
      spend = writes;
      if (!call.error) clicks++;
      else if (call.error === 'ConditionalCheckFailedException') refused++;
    } else if (call.operation === 'GetItem' && where === tableNames.clicks) {
      spend = userReads;
    } else if (
      call.operation === 'GetItem' &&
      where === tableNames.totals &&
      // The aggregator's live push reads consistently (counted under other, with its slot claims).
      !(call.input as { ConsistentRead?: boolean }).ConsistentRead
    ) {
      spend = refreshes;
    } else if (call.operation === 'TransactWriteItems' && where === tableNames.totals) {
      spend = batches;
      batchItems += (call.input as TransactWriteCommandInput).TransactItems?.length ?? 0;
    }
    spend.calls++;
    const rule = await formulaUnits(call, sizes);
    spend.rule.read += rule.read;
    spend.rule.write += rule.write;
  }
  return {
    measurement,
    // Requests still queued when the load stopped are served too, but not counted by autocannon.
    units: isClickRun(measurement)
      ? clicks
      : Math.max(measurement.result.requests, measurement.handlerMs.length),
    refused,
    requests: measurement.dynamo.length,
    writes,
    userReads,
    refreshes,
    batches,
    batchItems,
    other,
  };
}

/** Per counted click (POST) or per answer (GET): its own units and its shares of the shared ones. */
export interface PerUnit {
  readonly perSecond: number;
  readonly requests: number;
  readonly write: number;
  readonly read: number;
  readonly aggregatorRule: number;
  readonly refreshRead: number;
}

export function perUnit(cost: RunCost): PerUnit {
  const n = Math.max(1, cost.units);
  return {
    perSecond: cost.measurement.result.okPerSecond,
    requests: cost.requests / n,
    write: cost.writes.rule.write / n,
    read: cost.userReads.rule.read / n,
    aggregatorRule: cost.batches.rule.write / n,
    refreshRead: cost.refreshes.rule.read / n,
  };
}

const times = (share: number | undefined): string => (share === undefined ? '-' : `${fixed(share, 2)}×`);
const ratio = (value: number, reference: number | undefined): string =>
  times(reference ? value / reference : undefined);

/** autocannon records whole milliseconds, so a 0 means "under 1 ms". */
const latency = (ms: number): string => (ms < 1 ? '<1' : ms < 10 ? fixed(ms, 1) : integer(ms));

export interface TargetVerdict {
  /** The row it judges: target name and connection count. */
  readonly target: string;
  readonly connections: number;
  /** What it is compared with, e.g. `engine UpdateItem`. */
  readonly reference: string;
  readonly goal: number;
  /** undefined when either run is missing. */
  readonly share: number | undefined;
}

const verdictMet = (v: TargetVerdict): string =>
  v.share === undefined ? 'not measured' : v.share >= v.goal ? 'met' : 'missed';

export const verdictText = (v: TargetVerdict): string =>
  v.share === undefined
    ? `target ≥ ${v.goal}× ${v.reference}: not measured (no ${v.connections}-connection run)`
    : `${fixed(v.share, 2)}× ${v.reference} (target ≥ ${v.goal}×: ${verdictMet(v)})`;

/**
 * The targets the verdicts compare, run again in turn at TARGET_CONNECTIONS after the table's runs:
 * on a shared machine one 2-second pair can be 30 % off either way, so each verdict is the median of
 * the rounds' ratios, each a pair of runs seconds apart. The POST ones come first, in the order of
 * its split; the warm-up drives those alone.
 */
export const POST_ROUND_TARGETS: readonly string[] = [
  NAMES.update,
  NAMES.writeAlone,
  NAMES.write,
  NAMES.post,
];
export const ROUND_TARGETS: readonly string[] = [...POST_ROUND_TARGETS, NAMES.bare, NAMES.anonymous];

const rateAt = (measurements: readonly Measurement[], name: string): number | undefined =>
  measurements.find((m) => m.target.name === name && m.connections === TARGET_CONNECTIONS)?.result
    .okPerSecond;

/** The ratio POST ÷ UpdateItem at a connection count as the product of its three steps, or undefined. */
function splitText(measurements: readonly Measurement[], connections: number): string | undefined {
  const at = (name: string) =>
    measurements.find((m) => m.target.name === name && m.connections === connections)?.result.okPerSecond;
  const steps = [NAMES.post, NAMES.write, NAMES.writeAlone, NAMES.update].map(at);
  if (steps.some((rate) => !rate)) return undefined;
  const [post, write, alone, update] = steps as number[];
  return (
    `${fixed(post / update, 2)}× = ${fixed(post / write, 2)}× × ${fixed(write / alone, 2)}× × ` +
    `${fixed(alone / update, 2)}×`
  );
}

/** `name` ÷ `reference` at TARGET_CONNECTIONS in each round that has both (the table's run first). */
function ratios(rounds: readonly (readonly Measurement[])[], name: string, reference: string): number[] {
  return rounds.flatMap((round) => {
    const value = rateAt(round, name);
    const base = rateAt(round, reference);
    return value === undefined || !base ? [] : [value / base];
  });
}

const postRatios = (rounds: readonly (readonly Measurement[])[]) => ratios(rounds, NAMES.post, NAMES.update);
const getRatios = (rounds: readonly (readonly Measurement[])[]) =>
  ratios(rounds, NAMES.anonymous, NAMES.bare);
const medianOrNone = (values: readonly number[]) => (values.length === 0 ? undefined : median(values));

/** `rounds`: the table's runs, then each extra round of ROUND_TARGETS. */
export function clickTargets(rounds: readonly (readonly Measurement[])[]): TargetVerdict[] {
  return [
    {
      target: NAMES.post,
      connections: TARGET_CONNECTIONS,
      reference: 'engine UpdateItem',
      goal: POST_TARGET,
      share: medianOrNone(postRatios(rounds)),
    },
    {
      target: NAMES.anonymous,
      connections: TARGET_CONNECTIONS,
      reference: 'bare',
      goal: GET_TARGET,
      share: medianOrNone(getRatios(rounds)),
    },
  ];
}

export function printClickEngine(
  rounds: readonly (readonly Measurement[])[],
  costs: readonly RunCost[],
): void {
  const [measurements = []] = rounds;
  const rate = (name: string, connections: number) =>
    measurements.find((m) => m.target.name === name && m.connections === connections)?.result.okPerSecond;
  const verdicts = clickTargets(rounds);
  table(
    [
      { title: 'target' },
      { title: 'conns' },
      { title: 'ok/s' },
      { title: 'p50 ms' },
      { title: 'p99 ms' },
      { title: 'errors' },
      { title: '429' },
      { title: 'other non-2xx' },
      { title: 'vs engine' },
      { title: 'vs bare' },
      { title: 'target', align: 'left' },
    ],
    measurements.map(({ target, connections, result }) => {
      const engine =
        target.name === NAMES.post || target.name === NAMES.keyed
          ? rate(NAMES.update, connections)
          : target.name === NAMES.anonymous || target.name === NAMES.signedIn
            ? rate(NAMES.get, connections)
            : undefined;
      const limited = result.statuses['429'] ?? 0;
      const verdict = verdicts.find((v) => v.target === target.name && v.connections === connections);
      return [
        target.name,
        String(connections),
        integer(result.okPerSecond),
        latency(result.p50Ms),
        latency(result.p99Ms),
        integer(result.errors),
        integer(limited),
        integer(result.non2xx - limited),
        ratio(result.okPerSecond, engine),
        target.name === NAMES.bare ? '-' : ratio(result.okPerSecond, rate(NAMES.bare, connections)),
        verdict ? `≥ ${verdict.goal}× ${verdict.reference}: ${verdictMet(verdict)}` : '',
      ];
    }),
  );
  for (const { target, connections, result } of measurements) {
    const notes = Object.entries(result.statuses).map(([status, n]) => `${n}× ${status}`);
    if (notes.length > 0) print(`  ${target.name} @ ${connections}: ${notes.join(', ')}`);
  }
  const split = [...new Set(measurements.map((m) => m.connections))].flatMap((connections) => {
    const line = splitText(measurements, connections);
    return line ? [`    @ ${connections}: ${line}`] : [];
  });
  if (split.length > 0) {
    print("  POST ÷ engine UpdateItem = (POST ÷ the click's write straight: what HTTP, the gateway and the");
    print(
      '  handler take) × (the write straight ÷ the same write with no stream reader: what the aggregator',
    );
    print("  beside it takes of the engine) × (that write ÷ UpdateItem: what the write's condition, rate");
    print('  windows and returned item take):');
    for (const line of split) print(line);
  }
  if (rounds.length > 1) printRounds(rounds);
  printCpuPerRequest(rounds, TARGET_CONNECTIONS, {
    name: NAMES.post,
    reference: NAMES.update,
  });
  print('  ok/s counts 2xx answers (SDK calls that succeeded for the engine rows) only: a 429 is never a');
  print(
    '  success. "vs engine": POST ÷ engine UpdateItem, GET ÷ engine GetItem, at the same connection count.',
  );
  print();
  const clickCosts = costs.filter((c) => isClickRun(c.measurement));
  if (clickCosts.length > 0) printClickCosts(clickCosts);
  const readCosts = costs.filter((c) => isReadRun(c.measurement));
  if (readCosts.length > 0) printReadCosts(readCosts);
}

function printRounds(rounds: readonly (readonly Measurement[])[]): void {
  print(
    `  The targets are judged on ${rounds.length} rounds at ${TARGET_CONNECTIONS} connections (the table's, then ` +
      `${ROUND_TARGETS.length} targets in turn again ${rounds.length - 1} time(s)); the median ratios count:`,
  );
  rounds.forEach((round, i) => {
    const rates = POST_ROUND_TARGETS.map((name) => `${integer(rateAt(round, name) ?? 0)}/s`);
    const [get] = getRatios([round]);
    print(
      `    round ${i + 1}: ${rates.join(', ')} → POST ${splitText(round, TARGET_CONNECTIONS) ?? '-'}; ` +
        `GET ${times(get)} bare`,
    );
  });
  print(`    (rates of ${POST_ROUND_TARGETS.join(', ')}, in that order)`);
  const [post, get] = [postRatios(rounds), getRatios(rounds)].map(medianOrNone);
  print(`    median POST ${times(post)}, GET anonymous ${times(get)} bare`);
}

function printClickCosts(costs: readonly RunCost[]): void {
  print('DynamoDB per counted click (the run and the stream draining after it, aggregator included):');
  table(
    [
      { title: 'run' },
      { title: 'conns' },
      { title: 'clicks' },
      { title: 'clicks/s' },
      { title: 'req/click' },
      { title: 'Update' },
      { title: 'refresh Get' },
      { title: 'batches' },
      { title: 'clicks/batch' },
      { title: 'W click' },
      { title: 'W aggr' },
      { title: 'R refresh' },
      { title: 'drained s' },
    ],
    costs.map((cost) => {
      const each = perUnit(cost);
      const n = Math.max(1, cost.units);
      const settled = cost.measurement.settleMs;
      return [
        cost.measurement.target.name,
        String(cost.measurement.connections),
        integer(cost.units),
        integer(each.perSecond),
        fixed(each.requests, 3),
        fixed(cost.writes.calls / n, 3),
        fixed(cost.refreshes.calls / n, 3),
        integer(cost.batches.calls),
        cost.batches.calls ? fixed(cost.units / cost.batches.calls, 1) : '-',
        units(each.write),
        fixed(each.aggregatorRule, 3),
        fixed(each.refreshRead, 4),
        settled >= SETTLE_TIMEOUT_MS ? 'not drained' : fixed(settled / 1000, 1),
      ];
    }),
  );
  const total = (spend: (c: RunCost) => number): number => costs.reduce((n, c) => n + spend(c), 0);
  const refused = total((c) => c.refused);
  const other = total((c) => c.other.calls);
  const batches = Math.max(
    1,
    total((c) => c.batches.calls),
  );
  print("  W click    = the click's one conditional UpdateItem");
  print(
    `  W aggr     = the aggregator's transactions (${fixed(total((c) => c.batchItems) / batches, 1)} items each on ` +
      'average: checkpoint, total, minutes) ÷ clicks;',
  );
  print('               a transaction costs 2 WCU per item per KB');
  print(
    '  R refresh  = the read of the total that keeps the latest total fresh (0.5 RCU, about once a second',
  );
  print('               per container while clicks come) ÷ clicks');
  print(
    '  clicks/batch grows with the click rate (the poller reads each shard every 250 ms; a batching window,',
  );
  print(
    '  clicks.aggregationWindowSeconds, makes batches larger still). The stream reads themselves are free.',
  );
  print('  "drained": after the load stopped, until the aggregated total equalled Σ user clicks.');
  print(
    `  During the POST runs DynamoDB Local also took the aggregator's ${integer(total((c) => c.batches.calls))} transactions and`,
  );
  print(
    "  the stream poller's reads; the engine bound has neither, so it is a bound the click path cannot reach.",
  );
  if (refused > 0)
    print(`  ${integer(refused)} click writes were refused by their condition (429 or replay).`);
  if (other > 0) print(`  ${integer(other)} other DynamoDB requests were made during these runs.`);
}

function printReadCosts(costs: readonly RunCost[]): void {
  print();
  print('DynamoDB per answer of GET /api/clicks:');
  table(
    [
      { title: 'run' },
      { title: 'conns' },
      { title: 'served' },
      { title: 'by the handler' },
      { title: 'req/answer' },
      { title: "R user's count" },
      { title: 'R refresh' },
    ],
    costs.map((cost) => {
      const each = perUnit(cost);
      return [
        cost.measurement.target.name,
        String(cost.measurement.connections),
        integer(cost.units),
        integer(cost.measurement.handlerMs.length),
        fixed(each.requests, 4),
        fixed(each.read, 4),
        fixed(each.refreshRead, 4),
      ];
    }),
  );
  print('  "by the handler": the rest were answered by local mode\'s emulated CloudFront cache (anonymous');
  print("  answers are shared for 1 s). The handler answers the total from its container's latest total,");
  print(
    "  read at most once a second (R refresh); a signed-in answer also reads the user's count, consistently.",
  );
}
