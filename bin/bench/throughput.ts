import type { DynamoCall, Probe } from './dynamo-probe';
import type { HandlerLogs } from './handler-logs';
import type { LoadGenerator } from './load';
import type { LoadJob, LoadResult } from './load-protocol';

export interface Target {
  readonly name: string;
  readonly url: string;
  readonly method: LoadJob['method'];
  readonly tokens: readonly string[];
  /** Whether requests reach the handlers (and so DynamoDB), i.e. not the bare baseline. */
  readonly local: boolean;
}

export interface Measurement {
  readonly target: Target;
  readonly connections: number;
  readonly result: LoadResult;
  /** DynamoDB requests the handlers made during the run. */
  readonly dynamo: readonly DynamoCall[];
  /** Handler log lines per level during the run. */
  readonly logLevels: Record<string, number>;
  /** Each handled request's own duration, from the handlers' logs (gateway and queueing excluded). */
  readonly handlerMs: readonly number[];
  /** How long the server kept working on requests the load generator had given up on. */
  readonly drainMs: number;
}

export interface ThroughputOptions {
  readonly generator: LoadGenerator;
  readonly probe: Probe;
  readonly logs: HandlerLogs;
  readonly connections: readonly number[];
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly progress: (line: string) => void;
}

/**
 * Each target at each connection count, one after the other. A short unreported warm-up per target
 * first, so the 1-connection row does not pay for JIT compilation and connection pools.
 */
export async function measureThroughput(
  targets: readonly Target[],
  options: ThroughputOptions,
): Promise<Measurement[]> {
  const measurements: Measurement[] = [];
  const job = (target: Target, connections: number, seconds: number): LoadJob => ({
    url: target.url,
    method: target.method,
    connections,
    seconds,
    tokens: target.tokens,
  });
  for (const target of targets) {
    if (options.warmupSeconds > 0) {
      options.progress(`  warming up ${target.name}...`);
      await options.generator.run(job(target, Math.max(...options.connections), options.warmupSeconds));
      await drain(options.probe);
    }
    for (const connections of options.connections) {
      options.progress(`  ${target.name}, ${connections} connection(s), ${options.seconds} s...`);
      options.probe.take();
      options.logs.reset();
      const result = await options.generator.run(job(target, connections, options.seconds));
      // Requests still queued when autocannon stops would otherwise run into the next row's time.
      const drainMs = await drain(options.probe);
      measurements.push({
        target,
        connections,
        result,
        dynamo: options.probe.take(),
        logLevels: options.logs.counts(),
        handlerMs: options.logs.durations(),
        drainMs,
      });
    }
  }
  return measurements;
}

const QUIET_MS = 250;
const DRAIN_TIMEOUT_MS = 60_000;

/**
 * Waits until the handlers have had no DynamoDB request open for a while: the server has finished the
 * requests that were still queued when the load generator stopped. Returns how long that took.
 */
async function drain(probe: Probe): Promise<number> {
  const started = Date.now();
  let quietSince = Date.now();
  while (Date.now() - started < DRAIN_TIMEOUT_MS) {
    if (probe.inFlight() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= QUIET_MS) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Math.max(0, quietSince - started);
}
