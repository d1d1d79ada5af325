import type { CapacityReport, CapacityScenario } from './capacity';
import type { PerClick } from './click-engine';
import { fixed, integer, print, table } from './output';

/** DynamoDB on-demand in us-east-1, dollars per million request units. */
const PRICE_PER_MILLION = { write: 0.625, read: 0.125 } as const;

export const dollarsPerMillion = (write: number, read: number): number =>
  write * PRICE_PER_MILLION.write + read * PRICE_PER_MILLION.read;

/** What the load runs measured of the costs a click shares with others. */
export interface Amortised {
  /** From the POST run without a key and the one with a key, at the same connection count. */
  readonly plain: PerClick | undefined;
  readonly keyed: PerClick | undefined;
  readonly connections: number;
}

export interface CostRow {
  readonly request: string;
  readonly write: number;
  readonly read: number;
  readonly aggregator: number;
  readonly refresh: number;
}

interface RowSpec {
  readonly request: string;
  readonly scenario: CapacityScenario;
  /** Which run's aggregator share applies; none when the request changes no click count. */
  readonly aggregator?: 'plain' | 'keyed';
  /** Whether the request goes through the click handler, which keeps the latest total fresh. */
  readonly refresh: boolean;
}

const ROWS: readonly RowSpec[] = [
  { request: 'POST /api/clicks', scenario: 'click', aggregator: 'plain', refresh: true },
  { request: 'POST /api/clicks, new Idempotency-Key', scenario: 'keyed', aggregator: 'keyed', refresh: true },
  { request: 'POST /api/clicks, replayed key', scenario: 'replayed', refresh: true },
  { request: 'POST /api/clicks, over the limit (429)', scenario: 'limited', refresh: true },
  { request: 'GET /api/clicks anonymous', scenario: 'getAnonymous', refresh: false },
  { request: 'GET /api/clicks signed in', scenario: 'getSignedIn', refresh: false },
  { request: 'GET /api/clicks/log?minutes=60', scenario: 'log', refresh: false },
];

/**
 * Each click-path request's DynamoDB units and price: its own (from the sequential measurements, by
 * DynamoDB's rules) plus its share of what clicks cause outside the request: the aggregator's batch
 * writes and the background refresh of the latest total (both measured under load).
 */
export function costRows(capacity: CapacityReport, amortised: Amortised): CostRow[] {
  const rows: CostRow[] = [];
  for (const spec of ROWS) {
    const row = capacity.rows.find((r) => r.scenario === spec.scenario);
    if (!row) continue;
    const run = spec.aggregator ? amortised[spec.aggregator] : undefined;
    rows.push({
      request: spec.request,
      write: row.formula.write,
      read: row.formula.read,
      aggregator: spec.aggregator ? (run?.aggregatorRule ?? Number.NaN) : 0,
      // The handler reads the total at most once a second whatever the request's outcome.
      refresh: spec.refresh ? (amortised.plain?.refreshRead ?? Number.NaN) : 0,
    });
  }
  return rows;
}

export function printCosts(rows: readonly CostRow[], amortised: Amortised): void {
  const cell = (value: number, digits: number): string =>
    Number.isFinite(value) ? fixed(value, digits) : '-';
  table(
    [
      { title: 'request' },
      { title: 'W' },
      { title: 'R' },
      { title: '+ W aggregator' },
      { title: '+ R refresh' },
      { title: 'W total' },
      { title: 'R total' },
      { title: '$ per million' },
    ],
    rows.map((row) => {
      const write = row.write + row.aggregator;
      const read = row.read + row.refresh;
      return [
        row.request,
        cell(row.write, 2),
        cell(row.read, 2),
        cell(row.aggregator, 3),
        cell(row.refresh, 4),
        cell(write, 3),
        cell(read, 4),
        Number.isFinite(write + read) ? `$${fixed(dollarsPerMillion(write, read), 3)}` : '-',
      ];
    }),
  );
  print(
    `  us-east-1 on-demand: $${PRICE_PER_MILLION.write} per million write units, $${PRICE_PER_MILLION.read} per million read units.`,
  );
  print('  W, R: the request itself, by DynamoDB\'s rules (section "DynamoDB units per operation").');
  const { plain, keyed, connections } = amortised;
  if (plain) {
    print(
      `  + W aggregator: the batch transactions' write units ÷ the clicks they counted, in the ${connections}-connection`,
    );
    print(
      `    POST runs (${integer(plain.clicksPerSecond)} clicks/s${keyed ? `; ${integer(keyed.clicksPerSecond)} with keys` : ''}).` +
        ' A batch part is one transaction',
    );
    print(
      '    of 2 WCU per item (the checkpoint, the total, each minute it touches: 6 WCU in one minute), so a',
    );
    print(
      "    click's share is about 6 ÷ clicks per batch: more clicks/s or a batching window make it smaller.",
    );
    print(
      `  + R refresh: 0.5 RCU a second per warm container ÷ its clicks; here one container at ${integer(plain.clicksPerSecond)} clicks/s.`,
    );
  } else {
    print(
      '  + W aggregator, + R refresh: not measured (the click engine section did not run: see BENCH_ONLY).',
    );
  }
  print(
    '  A replayed or limited click changes nothing, so the stream has no record of it: no aggregator share.',
  );
}
