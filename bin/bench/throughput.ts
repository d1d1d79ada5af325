import type { CpuMeter, CpuUse } from './cpu-meter';
import type { DynamoCall, Probe } from './dynamo-probe';
import type { HandlerLogs } from './handler-logs';
import type { LoadGenerator } from './load';
import type { LoadJob, LoadResult, Workload } from './load-protocol';

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
  /** Whether requests reach the handlers (and so DynamoDB), i.e. not a baseline. */
  readonly local: boolean;
  /**
   * What one run sends. Asked again before every run, so that a write target can hand out fresh
   * users or another park, and so that every write stays a create or a change.
   */
  readonly workload: (plan: RunPlan) => Promise<Workload> | Workload;
  /** Told how a run went, e.g. to account for the locations each user has saved. */
  readonly finished?: (plan: RunPlan, result: LoadResult) => void;
  /**
   * Waits for work the run left behind outside the request path (the click stream's aggregation),
   * so that it is counted with this run and not the next. Resolves with how long that took.
   */
  readonly settle?: () => Promise<number>;
}

export interface Measurement {
  readonly target: Target;
  readonly connections: number;
  readonly result: LoadResult;
  /** DynamoDB requests the handlers (and the click aggregator) made during the run and its settling. */
  readonly dynamo: readonly DynamoCall[];
  /** Handler log lines per level during the run. */
  readonly logLevels: Record<string, number>;
  /** Each handled request's own duration, from the handlers' logs (gateway and queueing excluded). */
  readonly handlerMs: readonly number[];
  /** How long the server kept working on requests the load generator had given up on. */
  readonly drainMs: number;
  /** How long the target's `settle` took after the drain (0 without one). */
  readonly settleMs: number;
  /** The CPU each process took while the load generator ran; undefined without a meter. */
  readonly cpu?: CpuUse;
}

export interface ThroughputOptions {
  readonly generator: LoadGenerator;
  readonly probe: Probe;
  readonly logs: HandlerLogs;
  readonly connections: readonly number[];
  readonly seconds: number;
  readonly warmupSeconds: number;
  /**
   * `target`: each target at every connection count, then the next target. `connections`: every
   * target at one connection count, then the next count, so the runs compared with each other at a
   * count are seconds apart.
   */
  readonly order: 'target' | 'connections';
  readonly progress: (line: string) => void;
  /** Where /proc can be read: the CPU of each run, from its first request to its last answer. */
  readonly cpu?: CpuMeter;
}

/**
 * Each target at each connection count, one after the other. A short unreported warm-up before a
 * target's first run, so that run does not pay for JIT compilation and connection pools.
 */
export async function measureThroughput(
  targets: readonly Target[],
  options: ThroughputOptions,
): Promise<Measurement[]> {
  const run = async (target: Target, plan: RunPlan) => {
    const job: LoadJob = {
      workload: await target.workload(plan),
      connections: plan.connections,
      seconds: plan.seconds,
    };
    // Preparing the run (e.g. signing up fresh users) is not part of what is measured.
    options.probe.take();
    options.logs.reset();
    const before = options.cpu?.sample();
    const result = await options.generator.run(job);
    const cpu = before && options.cpu?.since(before);
    target.finished?.(plan, result);
    // Requests still queued when the load generator stops would otherwise run into the next row's time.
    const drainMs = await drain(options.probe);
    const settleMs = target.settle ? await target.settle() : 0;
    return { result, drainMs, settleMs, cpu };
  };

  const order =
    options.order === 'target'
      ? targets.flatMap((target) => options.connections.map((connections) => ({ target, connections })))
      : options.connections.flatMap((connections) => targets.map((target) => ({ target, connections })));
  const warmed = new Set<Target>();
  const measurements: Measurement[] = [];
  for (const { target, connections } of order) {
    if (options.warmupSeconds > 0 && !warmed.has(target)) {
      warmed.add(target);
      options.progress(`  warming up ${target.name}...`);
      const peak = Math.max(...options.connections);
      await run(target, { connections: peak, seconds: options.warmupSeconds, warmup: true });
    }
    options.progress(`  ${target.name}, ${connections} connection(s), ${options.seconds} s...`);
    const { result, drainMs, settleMs, cpu } = await run(target, {
      connections,
      seconds: options.seconds,
      warmup: false,
    });
    measurements.push({
      target,
      connections,
      result,
      dynamo: options.probe.take(),
      logLevels: options.logs.counts(),
      handlerMs: options.logs.durations(),
      drainMs,
      settleMs,
      cpu,
    });
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
