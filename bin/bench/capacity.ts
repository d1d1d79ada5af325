import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { windowMinutes } from '../../lambdas/clicks/domain';
import { ClickStore, type Capacity } from '../../lambdas/clicks/store';
import { TotalsStore } from '../../lambdas/clicks/totals-store';
import { formulaUnits, ItemSizes, type Units } from './capacity-formula';
import {
  attachProbe,
  reportedUnits,
  statsByOperation,
  type DynamoCall,
  type OperationStats,
} from './dynamo-probe';
import { median } from './output';

export interface CapacityRow {
  readonly operation: string;
  readonly runs: number;
  /** The DynamoDB requests one run makes, e.g. `TransactWrite + BatchGet + Get`. */
  readonly requests: string;
  readonly medianMs: number;
  /** Per run, as ClickStore's Capacity sink added them up. */
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
  /** What DynamoDB Local reported for successful transactions, by number of items written. */
  readonly transactions: readonly { readonly items: number; readonly reportedWrite: number }[];
  /** Per DynamoDB operation, over the plain clicks: where one click's time goes. */
  readonly clickTimings: Map<string, OperationStats>;
}

interface Scenario {
  readonly operation: string;
  readonly runs: number;
  readonly run: (i: number) => Promise<unknown>;
}

const SHORT_NAMES: Record<string, string> = {
  TransactWriteItems: 'TransactWrite',
  BatchGetItem: 'BatchGet',
  GetItem: 'Get',
  UpdateItem: 'Update',
  PutItem: 'Put',
};

const CLICKS = 20;
const READS = 5;

/**
 * Drives a ClickStore directly against DynamoDB Local, one operation at a time so that every request
 * belongs to exactly one scenario. A fresh user id keeps its USER item apart from the load test's.
 */
export async function measureCapacity(table: string, totalsTable: string): Promise<CapacityReport> {
  // Endpoint and credentials come from the environment local mode set, as the handlers' clients do.
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const lookups = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const probe = attachProbe(db);
  const sink: Capacity = { read: 0, write: 0 };
  // A limit no bench run reaches: this measures what a click costs, not the limit.
  const store = new ClickStore(db, table, { perSecond: 1_000_000, burst: 1_000_000 }, sink);
  const totals = new TotalsStore(db, totalsTable, sink);
  const userId = `bench-${randomUUID()}`;
  const key = (i: number): string => `bench-key-${i}`;

  const scenarios: Scenario[] = [
    {
      operation: 'click, no Idempotency-Key',
      runs: CLICKS,
      run: () => store.recordClick(userId, new Date(), 0),
    },
    {
      operation: 'click, new Idempotency-Key',
      runs: CLICKS,
      run: (i) => store.recordClick(userId, new Date(), 0, key(i)),
    },
    {
      operation: 'click retry, same key (replayed)',
      runs: READS,
      run: (i) => store.recordClick(userId, new Date(), 0, key(i)),
    },
    {
      operation: 'read total + user (GET signed in)',
      runs: READS,
      run: () => Promise.all([totals.total(), store.userClicks(userId)]),
    },
    { operation: 'read total (GET anonymous)', runs: READS, run: () => totals.total() },
    {
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
    const measured: { scenario: Scenario; calls: DynamoCall[]; ms: number[]; sink: Units }[] = [];
    for (const scenario of scenarios) {
      sink.read = 0;
      sink.write = 0;
      probe.take();
      const ms: number[] = [];
      for (let i = 0; i < scenario.runs; i++) {
        const started = process.hrtime.bigint();
        await scenario.run(i);
        ms.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      measured.push({ scenario, calls: probe.take(), ms, sink: { ...sink } });
    }

    // Sized after every write, so an update is priced on its final (largest) item.
    const sizes = new ItemSizes(lookups);
    const rows: CapacityRow[] = [];
    let calls = 0;
    let callsWithCapacity = 0;
    for (const { scenario, calls: made, ms, sink: spent } of measured) {
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
        operation: scenario.operation,
        runs,
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
      transactions: transactionReports(measured.flatMap((m) => m.calls)),
      clickTimings: statsByOperation(measured[0].calls),
    };
  } finally {
    probe.detach();
    db.destroy();
    lookups.destroy();
  }
}

function transactionReports(calls: readonly DynamoCall[]): { items: number; reportedWrite: number }[] {
  const seen = new Map<string, { items: number; reportedWrite: number }>();
  for (const call of calls) {
    const units = call.operation === 'TransactWriteItems' ? reportedUnits(call) : undefined;
    if (!units) continue;
    const items = (call.input as TransactWriteCommandInput).TransactItems?.length ?? 0;
    seen.set(`${items}/${units.write}`, { items, reportedWrite: units.write });
  }
  return [...seen.values()].sort((a, b) => a.items - b.items || a.reportedWrite - b.reportedWrite);
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
