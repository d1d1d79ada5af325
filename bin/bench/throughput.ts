import type { DynamoCall, Probe } from './dynamo-probe';
import type { HandlerLogs } from './handler-logs';
import type { LoadGenerator } from './load';
import type { LoadJob, LoadResult, RequestTemplate } from './load-protocol';

/** One run of a target, as it is about to start. */
export interface RunPlan {
  readonly connections: number;
  readonly seconds: number;
  /** The unreported warm-up run before a target's measured runs. */
  readonly warmup: boolean;
}

export interface Target {
  readonly name: string;
  /** What BENCH_ONLY matches besides the name: the route's area, and `reads` or `writes`. */
  readonly tags: readonly string[];
  /** Origin of the server it loads. */
  readonly origin: string;
  /** Whether requests reach the handlers (and so DynamoDB), i.e. not the bare baseline. */
  readonly local: boolean;
  /**
   * The requests of one run, sent in turn. Asked again before every run, so that a write target can
   * hand out fresh users or another park, and so that every write stays a create or a change.
   */
  readonly requests: (plan: RunPlan) => Promise<readonly RequestTemplate[]> | readonly RequestTemplate[];
  /** Told how a run went, e.g. to account for the locations each user has saved. */
  readonly finished?: (plan: RunPlan, result: LoadResult) => void;
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
  const run = async (target: Target, plan: RunPlan, prepared?: readonly RequestTemplate[]) => {
    const requests = prepared ?? (await target.requests(plan));
    const job: LoadJob = {
      origin: target.origin,
      connections: plan.connections,
      seconds: plan.seconds,
      requests,
    };
    const result = await options.generator.run(job);
    target.finished?.(plan, result);
    return result;
  };
  for (const target of targets) {
    if (options.warmupSeconds > 0) {
      options.progress(`  warming up ${target.name}...`);
      const connections = Math.max(...options.connections);
      await run(target, { connections, seconds: options.warmupSeconds, warmup: true });
      await drain(options.probe);
    }
    for (const connections of options.connections) {
      options.progress(`  ${target.name}, ${connections} connection(s), ${options.seconds} s...`);
      const plan: RunPlan = { connections, seconds: options.seconds, warmup: false };
      // Preparing the run (e.g. signing up fresh users) is not part of what is measured.
      const requests = await target.requests(plan);
      options.probe.take();
      options.logs.reset();
      const result = await run(target, plan, requests);
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
