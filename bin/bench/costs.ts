import type { CapacityReport, CapacityScenario } from './capacity';
import type { PerUnit } from './click-engine';
import { fixed, integer, print, table } from './output';

/** DynamoDB on-demand in us-east-1, dollars per million request units. */
const PRICE_PER_MILLION = { write: 0.625, read: 0.125 } as const;

export const dollarsPerMillion = (write: number, read: number): number =>
  write * PRICE_PER_MILLION.write + read * PRICE_PER_MILLION.read;

/** What the load runs at one connection count measured of the costs requests share. */
export interface Shares {
  readonly connections: number;
  readonly post: PerUnit | undefined;
  readonly keyed: PerUnit | undefined;
  readonly anonymous: PerUnit | undefined;
  readonly signedIn: PerUnit | undefined;
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
  /** The sequential measurement of the request's own units; none when it reads and writes nothing itself. */
  readonly scenario?: CapacityScenario;
  /** The run whose aggregator share applies; none when the request changes no click count. */
  readonly aggregator?: 'post' | 'keyed';
  /** The run whose share of the refreshes applies; none when the request reads the total itself. */
  readonly refresh?: 'post' | 'keyed' | 'anonymous' | 'signedIn';
}

const ROWS: readonly RowSpec[] = [
  { request: 'POST /api/clicks', scenario: 'click', aggregator: 'post', refresh: 'post' },
  {
    request: 'POST /api/clicks, new Idempotency-Key',
    scenario: 'keyed',
    aggregator: 'keyed',
    refresh: 'keyed',
  },
  // Refused clicks take the same path to the total as counted ones: the POST run's refresh share.
  { request: 'POST /api/clicks, replayed key', scenario: 'replayed', refresh: 'post' },
  { request: 'POST /api/clicks, over the limit (429)', scenario: 'limited', refresh: 'post' },
  { request: 'GET /api/clicks anonymous', refresh: 'anonymous' },
  { request: 'GET /api/clicks signed in', scenario: 'userCount', refresh: 'signedIn' },
  { request: 'GET /api/clicks/log?minutes=60', scenario: 'log' },
];

/**
 * Each click-path request's DynamoDB units and price: its own (from the sequential measurements, by
 * DynamoDB's rules) plus its share of what requests cause outside themselves: the aggregator's batch
 * writes and the refresh of a container's latest total (both measured under load).
 */
export function costRows(capacity: CapacityReport, shares: Shares): CostRow[] {
  const rows: CostRow[] = [];
  for (const spec of ROWS) {
    const own = spec.scenario ? capacity.rows.find((r) => r.scenario === spec.scenario) : undefined;
    if (spec.scenario && !own) continue;
    rows.push({
      request: spec.request,
      write: own?.formula.write ?? 0,
      read: own?.formula.read ?? 0,
      aggregator: spec.aggregator ? (shares[spec.aggregator]?.aggregatorRule ?? Number.NaN) : 0,
      refresh: spec.refresh ? (shares[spec.refresh]?.refreshRead ?? Number.NaN) : 0,
    });
  }
  return rows;
}

export function printCosts(rows: readonly CostRow[], shares: Shares): void {
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
  print('  W, R: the request itself, by DynamoDB\'s rules (section "DynamoDB units per operation"); a GET');
  print("  answers the total from its container's latest total, so an anonymous one reads nothing itself.");
  const { post, keyed, connections } = shares;
  const rate = (share: PerUnit | undefined, what: string): string =>
    share ? `${integer(share.perSecond)} ${what}/s` : 'not measured';
  print(
    `  Shares, from the ${connections}-connection runs: + W aggregator = the batch transactions' write units ÷`,
  );
  print(
    `  the clicks they counted (${rate(post, 'clicks')}; ${rate(keyed, 'clicks')} with keys). A batch part is one`,
  );
  print(
    '  transaction of 2 WCU per item (the checkpoint, the total, each minute it touches: 6 WCU in one minute),',
  );
  print(
    "  so a click's share is about 6 ÷ clicks per batch: more clicks/s or a batching window make it smaller.",
  );
  print(
    `  + R refresh = 0.5 RCU about once a second per container ÷ its requests (${rate(shares.anonymous, 'anonymous answers')},`,
  );
  print(
    `  ${rate(shares.signedIn, 'signed-in answers')}; one container here, many in AWS, each reading once a second).`,
  );
  print(
    '  A replayed or limited click changes nothing, so the stream has no record of it: no aggregator share.',
  );
}
