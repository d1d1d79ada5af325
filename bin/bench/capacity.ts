import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { windowMinutes } from '../../lambdas/clicks/domain';
import { ClickStore, type Capacity, type ClickOutcome } from '../../lambdas/clicks/store';
import { TotalsStore } from '../../lambdas/clicks/totals-store';
import { localAwsClientConfig } from '../../lib/local/dynamodb-local';
import { formulaUnits, ItemSizes, type Units } from './capacity-formula';
import {
  attachProbe,
  reportedUnits,
  statsByOperation,
  type DynamoCall,
  type OperationStats,
} from './dynamo-probe';
import { median } from './output';

/** Which request a row measures; the cost section looks rows up by it. */
export type CapacityScenario = 'click' | 'keyed' | 'replayed' | 'limited' | 'userCount' | 'total' | 'log';

export interface CapacityRow {
  readonly scenario: CapacityScenario;
  readonly operation: string;
  readonly runs: number;
  /** Runs whose click outcome was not the one the row is about (e.g. a "limited" click that counted). */
  readonly unexpected: number;
  /** The DynamoDB requests one run makes, e.g. `Update` or `Query + Get`. */
  readonly requests: string;
  readonly medianMs: number;
  /** Per run, as the stores' Capacity sink added them up. */
  readonly sink: Units;
  /** Per run, as DynamoDB Local reported them, split by operation kind; undefined if it reported none. */
  readonly reported: Units | undefined;
  /** Per run, from item sizes and DynamoDB's documented rules. */
  readonly formula: Units;
}

export interface CapacityReport {
  readonly rows: CapacityRow[];
  readonly calls: number;
  readonly callsWithCapacity: number;
  readonly largestItemBytes: number;
  /** Per DynamoDB operation, over the plain clicks: where one click's time goes. */
  readonly clickTimings: Map<string, OperationStats>;
}

interface Scenario {
  readonly scenario: CapacityScenario;
  readonly operation: string;
  readonly runs: number;
  /** Unmeasured set-up before the runs, e.g. filling the rate window. */
  readonly prepare?: () => Promise<void>;
  readonly run: (i: number) => Promise<unknown>;
  /** The outcome each run of a click row must have. */
  readonly expect?: ClickOutcome['kind'];
}

const SHORT_NAMES: Record<string, string> = {
  GetItem: 'Get',
  UpdateItem: 'Update',
};

const CLICKS = 20;
const READS = 5;
/** A small limit, so that the rate-limited row is reached in a few clicks and stays reached for seconds. */
const SMALL_LIMIT = { perSecond: 1, burst: 5 };

const kindOf = (value: unknown): string | undefined =>
  typeof value === 'object' && value !== null && 'kind' in value ? String(value.kind) : undefined;

/**
 * Drives a ClickStore and a TotalsStore directly against DynamoDB Local, one operation at a time so
 * that every request belongs to exactly one scenario. Fresh user ids keep their items apart from the
 * load test's (their clicks reach the total through the stream like any other).
 */
export async function measureCapacity(
  endpoint: string,
  table: string,
  totalsTable: string,
): Promise<CapacityReport> {
  // Built as the handlers build theirs, against local mode's DynamoDB Local.
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig(endpoint)), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const lookups = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig(endpoint)));
  const probe = attachProbe(db);
  const sink: Capacity = { read: 0, write: 0 };
  // A limit no bench run reaches: these rows measure what a click costs, not the limit.
  const store = new ClickStore(db, table, { perSecond: 1_000_000, burst: 1_000_000 }, sink);
  const limited = new ClickStore(db, table, SMALL_LIMIT, sink);
  const totals = new TotalsStore(db, totalsTable, sink);
  const userId = `bench-${randomUUID()}`;
  const limitedUser = `bench-limited-${randomUUID()}`;
  const key = (i: number): string => `bench-key-${i}`;

  const scenarios: Scenario[] = [
    {
      scenario: 'click',
      operation: 'click, no Idempotency-Key',
      runs: CLICKS,
      run: () => store.recordClick(userId, new Date(), 0),
      expect: 'counted',
    },
    {
      scenario: 'keyed',
      operation: 'click, new Idempotency-Key',
      runs: CLICKS,
      run: (i) => store.recordClick(userId, new Date(), 0, key(i)),
      expect: 'counted',
    },
    {
      scenario: 'replayed',
      operation: 'click retry, same key (replayed)',
      runs: READS,
      // The newest keys: the item keeps only the last REMEMBERED_KEYS, an older key counts as a new click.
      run: (i) => store.recordClick(userId, new Date(), 0, key(CLICKS - 1 - i)),
      expect: 'replayed',
    },
    {
      scenario: 'limited',
      operation: `click over the rate limit (429; limit ${SMALL_LIMIT.perSecond}/s burst ${SMALL_LIMIT.burst})`,
      runs: READS,
      prepare: async () => {
        for (let i = 0; i < 4 * SMALL_LIMIT.burst; i++) {
          if ((await limited.recordClick(limitedUser, new Date(), 0)).kind === 'limited') return;
        }
      },
      run: () => limited.recordClick(limitedUser, new Date(), 0),
      expect: 'limited',
    },
    {
      scenario: 'userCount',
      operation: "read the user's count (GET signed in)",
      runs: READS,
      run: () => store.userClicks(userId),
    },
    {
      // GET /api/clicks and the click answer with the total a container keeps; this read refreshes it.
      scenario: 'total',
      operation: 'read the total (a refresh: ≤ 1/s a container)',
      runs: READS,
      run: () => totals.total(),
    },
    {
      scenario: 'log',
      operation: 'read log, 60 minutes',
      runs: READS,
      run: async () => {
        // The same two reads as the getClickLog handler.
        const window = windowMinutes(new Date(), 60);
        await Promise.all([totals.minuteCounts(window[0], window[window.length - 1]), totals.total()]);
      },
    },
  ];

  try {
    const measured: {
      scenario: Scenario;
      calls: DynamoCall[];
      ms: number[];
      sink: Units;
      unexpected: number;
    }[] = [];
    for (const scenario of scenarios) {
      await scenario.prepare?.();
      sink.read = 0;
      sink.write = 0;
      probe.take();
      const ms: number[] = [];
      let unexpected = 0;
      for (let i = 0; i < scenario.runs; i++) {
        const started = process.hrtime.bigint();
        const outcome = await scenario.run(i);
        ms.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (scenario.expect && kindOf(outcome) !== scenario.expect) unexpected++;
      }
      measured.push({ scenario, calls: probe.take(), ms, sink: { ...sink }, unexpected });
    }

    // Sized after every write, so an update is priced on its final (largest) item.
    const sizes = new ItemSizes(lookups);
    const rows: CapacityRow[] = [];
    let calls = 0;
    let callsWithCapacity = 0;
    for (const { scenario, calls: made, ms, sink: spent, unexpected } of measured) {
      const runs = scenario.runs;
      const formula: Units = { read: 0, write: 0 };
      const reported: Units = { read: 0, write: 0 };
      let withCapacity = 0;
      for (const call of made) {
        const units = await formulaUnits(call, sizes);
        formula.read += units.read;
        formula.write += units.write;
        const answer = reportedUnits(call);
        if (answer) {
          withCapacity++;
          reported.read += answer.read;
          reported.write += answer.write;
        }
      }
      calls += made.length;
      callsWithCapacity += withCapacity;
      rows.push({
        scenario: scenario.scenario,
        operation: scenario.operation,
        runs,
        unexpected,
        requests: describeRequests(made, runs),
        medianMs: median(ms),
        sink: perRun(spent, runs),
        reported: withCapacity > 0 ? perRun(reported, runs) : undefined,
        formula: perRun(formula, runs),
      });
    }
    return {
      rows,
      calls,
      callsWithCapacity,
      largestItemBytes: sizes.largest,
      clickTimings: statsByOperation(measured[0].calls),
    };
  } finally {
    probe.detach();
    db.destroy();
    lookups.destroy();
  }
}

const perRun = (units: Units, runs: number): Units => ({
  read: units.read / runs,
  write: units.write / runs,
});

function describeRequests(calls: readonly DynamoCall[], runs: number): string {
  const counts = new Map<string, number>();
  for (const call of [...calls].sort((a, b) => a.seq - b.seq))
    counts.set(call.operation, (counts.get(call.operation) ?? 0) + 1);
  return [...counts]
    .map(([operation, n]) => {
      const each = Math.round((n / runs) * 10) / 10;
      return `${SHORT_NAMES[operation] ?? operation}${each === 1 ? '' : `×${each}`}`;
    })
    .join(' + ');
}
