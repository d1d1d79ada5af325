import { isBuiltin } from 'node:module';
import type { BundleFigures } from './bundles';
import type { CapacityReport } from './capacity';
import { statsByOperation } from './dynamo-probe';
import { fixed, integer, median, percentile, print, table, units } from './output';
import type { Measurement } from './throughput';

/** autocannon records whole milliseconds, so a 0 means "under 1 ms". */
const latency = (ms: number): string => (ms < 1 ? '<1' : integer(ms));

export function printThroughput(measurements: readonly Measurement[], baseline: string): void {
  const bare = new Map(
    measurements.filter((m) => m.target.name === baseline).map((m) => [m.connections, m.result]),
  );
  table(
    [
      { title: 'target' },
      { title: 'conns' },
      { title: 'req/s' },
      { title: 'p50 ms' },
      { title: 'p99 ms' },
      { title: 'errors' },
      { title: 'non-2xx' },
      { title: 'vs bare' },
    ],
    measurements.map(({ target, connections, result }) => {
      const reference = bare.get(connections);
      return [
        target.name,
        String(connections),
        integer(result.requestsPerSecond),
        latency(result.p50Ms),
        latency(result.p99Ms),
        integer(result.errors),
        integer(result.non2xx),
        reference ? `${fixed((100 * result.requestsPerSecond) / reference.requestsPerSecond, 1)}%` : '-',
      ];
    }),
  );
  for (const { target, connections, result, logLevels } of measurements) {
    const notes = Object.entries(result.statuses).map(([status, n]) => `${n}× ${status}`);
    if (logLevels.ERROR) notes.push(`${logLevels.ERROR} handler ERROR log lines`);
    if (notes.length > 0) print(`  ${target.name} @ ${connections}: ${notes.join(', ')}`);
  }
}

/**
 * The same runs seen from inside: each handled request's own time (from the handlers' logs), and the
 * DynamoDB requests the handlers made, with their latency as the SDK saw it.
 */
export function printHandlerDynamo(measurements: readonly Measurement[]): void {
  const local = measurements.filter((m) => m.target.local);
  const operations = [...new Set(local.flatMap((m) => m.dynamo.map((c) => c.operation)))].sort();
  table(
    [
      { title: 'target' },
      { title: 'conns' },
      { title: 'handled' },
      { title: 'handler p50' },
      { title: 'handler p99' },
      { title: 'DDB req each' },
      { title: 'tx conflicts' },
      ...operations.map((op) => ({ title: `${op} p50` })),
      { title: 'drain s' },
    ],
    local.map(({ target, connections, dynamo, handlerMs, drainMs }) => {
      const stats = statsByOperation(dynamo);
      const handled = handlerMs.length;
      const conflicts = [...stats.values()].reduce((n, s) => n + s.conflicts, 0);
      return [
        target.name,
        String(connections),
        integer(handled),
        fixed(median(handlerMs), 0),
        fixed(percentile(handlerMs, 0.99), 0),
        handled ? fixed(dynamo.length / handled, 2) : '-',
        integer(conflicts),
        ...operations.map((op) => {
          const s = stats.get(op);
          return s ? fixed(median(s.ms), 1) : '-';
        }),
        fixed(drainMs / 1000, 1),
      ];
    }),
  );
  print('  (times in ms except drain; "handled" counts requests the handlers finished, including those');
  print('   still queued when autocannon stopped, which the server works off during "drain")');
}

export function printCapacity(report: CapacityReport): void {
  table(
    [
      { title: 'operation (per run)' },
      { title: 'runs' },
      { title: 'DynamoDB requests', align: 'left' },
      { title: 'p50 ms' },
      { title: 'sink W' },
      { title: 'sink R' },
      { title: 'Local W' },
      { title: 'Local R' },
      { title: 'formula W' },
      { title: 'formula R' },
    ],
    report.rows.map((row) => [
      row.operation,
      String(row.runs),
      row.requests,
      fixed(row.medianMs, 1),
      units(row.sink.write),
      units(row.sink.read),
      row.reported ? units(row.reported.write) : 'none',
      row.reported ? units(row.reported.read) : 'none',
      units(row.formula.write),
      units(row.formula.read),
    ]),
  );
  print();
  print("  sink    = the stores' Capacity sink (what they add up from ConsumedCapacity)");
  print('  Local   = ConsumedCapacity as DynamoDB Local returned it, split by operation (Get/Query = read)');
  print("  formula = DynamoDB's documented rules from the item sizes: 1 WCU per KB; 1 RCU per 4 KB strongly");
  print(
    '            consistent, 0.5 eventually consistent; Query = summed item sizes; a write refused by its',
  );
  print(
    '            condition (a replayed key, a click over the limit) still costs 1 WCU per KB of the item',
  );
  print(
    `  DynamoDB Local returned ConsumedCapacity on ${report.callsWithCapacity} of ${report.calls} requests`,
  );
  print(
    `  (not on a refused condition, which it answers with an error); largest item touched: ${report.largestItemBytes} bytes.`,
  );
  const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;
  const differ = report.rows.filter(
    (r) =>
      r.reported && (!close(r.reported.read, r.formula.read) || !close(r.reported.write, r.formula.write)),
  );
  print(
    differ.length === 0
      ? '  Where DynamoDB Local reports units, they are what the formula gives: same rules as DynamoDB.'
      : `  DynamoDB Local differs from the formula on: ${differ.map((r) => r.operation).join('; ')}.`,
  );
  for (const row of report.rows.filter((r) => r.unexpected > 0))
    print(
      `  ${row.operation}: ${row.unexpected} of ${row.runs} runs had another outcome than the row is about.`,
    );
  print();
  print("Where one click's time goes (no Idempotency-Key, sequential, no other load):");
  const clicks = report.rows[0]?.runs ?? 1;
  table(
    [{ title: 'DynamoDB request' }, { title: 'per click' }, { title: 'p50 ms' }, { title: 'max ms' }],
    [...report.clickTimings].map(([operation, s]) => [
      operation,
      fixed(s.calls / clicks, 1),
      fixed(median(s.ms), 1),
      fixed(Math.max(...s.ms), 1),
    ]),
  );
  print('  (the one conditional write; the total in the answer is the cached latest aggregate)');
}

export function printBundles(figures: readonly BundleFigures[]): void {
  table(
    [
      { title: 'bundle' },
      { title: 'KiB' },
      { title: 'import p50 ms' },
      { title: 'CPU ms' },
      { title: 'runtime p50 ms' },
      { title: 'largest parts', align: 'left' },
    ],
    figures.map((f) => [
      f.target.name,
      fixed(f.bytes / 1024, 1),
      fixed(f.importMs, 1),
      fixed(f.importCpuMs, 1),
      fixed(f.runtimeMs, 0),
      f.biggest.map((b) => `${b.name} ${Math.round(b.share * 100)}%`).join(', '),
    ]),
  );
  print('AWS SDK packages each bundle loads when imported:');
  for (const f of figures) {
    const packages = f.runtimeModules.filter((id) => !isBuiltin(id));
    print(`  ${f.target.name}: ${packages.join(', ') || 'none'}`);
  }
}
