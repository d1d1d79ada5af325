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
  const post = local.find((m) => m.target.name === 'POST /api/clicks');
  if (post) {
    const p50 = (op: string): number =>
      median(post.dynamo.filter((c) => c.operation === op).map((c) => c.ms));
    const dynamoPath = p50('TransactWriteItems') + Math.max(p50('BatchGetItem'), p50('GetItem'));
    print(
      `  ${post.target.name} @ ${post.connections}: client p50 ${latency(post.result.p50Ms)} ms, handler p50 ` +
        `${fixed(median(post.handlerMs), 0)} ms, DynamoDB path ≈ ${fixed(dynamoPath, 1)} ms ` +
        '(TransactWrite p50 + the slower of BatchGet/Get p50)',
    );
  }
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
  print("  sink    = ClickStore's Capacity sink (its own read/write split of ConsumedCapacity)");
  print(
    '  Local   = ConsumedCapacity as DynamoDB Local returned it, split by operation (Get/BatchGet/Query = read)',
  );
  print(
    "  formula = DynamoDB's documented rules from the item sizes: 1 WCU per KB, 2 per KB in a transaction;",
  );
  print(
    '            1 RCU per 4 KB strongly consistent, 0.5 eventually consistent; BatchGet = one Get per key;',
  );
  print('            Query = summed item sizes; a cancelled transaction (the replayed retry) is not priced');
  print(
    `  DynamoDB Local returned ConsumedCapacity on ${report.callsWithCapacity} of ${report.calls} requests`,
  );
  print(
    `  (the others were cancelled transactions); largest item touched: ${report.largestItemBytes} bytes.`,
  );
  const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;
  const readsDiffer = report.rows.filter((r) => r.reported && !close(r.reported.read, r.formula.read));
  const writesDiffer = report.rows.filter((r) => r.reported && !close(r.reported.write, r.formula.write));
  print(
    readsDiffer.length === 0
      ? '  Reads: DynamoDB Local reports what the formula gives, on every row: same rule as DynamoDB.'
      : `  Reads: DynamoDB Local differs from the formula on: ${readsDiffer.map((r) => r.operation).join('; ')}.`,
  );
  if (writesDiffer.length === 0) {
    print('  Writes: DynamoDB Local reports what the formula gives, on every row: same rule as DynamoDB.');
  } else {
    const perSize = report.transactions.map((t) => `${t.items} items → ${units(t.reportedWrite)}`).join(', ');
    print(
      `  Writes: DynamoDB Local differs from the formula on: ${writesDiffer.map((r) => r.operation).join('; ')}.`,
    );
    print(`  Per TransactWriteItems it reported ${perSize} WCU; DynamoDB charges 2 WCU per item per KB,`);
    print('  so for transactional writes trust the formula column, not DynamoDB Local.');
  }
  const sinkDiffers = report.rows.filter(
    (r) => r.reported && (!close(r.sink.read, r.reported.read) || !close(r.sink.write, r.reported.write)),
  );
  if (sinkDiffers.length > 0) {
    print(`  The sink's read/write split is off on ${sinkDiffers.length} of ${report.rows.length} rows:`);
    print(
      '  DynamoDB Local answers reads with CapacityUnits only, and ClickStore books such units as writes.',
    );
  }
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
  print('  (the transaction first, then the BatchGet of the total and the Get of the user, in parallel)');
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
