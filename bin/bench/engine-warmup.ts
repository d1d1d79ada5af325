import { NAMES, POST_ROUND_TARGETS, TARGET_CONNECTIONS } from './click-engine';
import { measureThroughput, type Measurement, type Target, type ThroughputOptions } from './throughput';

/** Rounds of the warm-up: each runs UpdateItem, the click's write and POST for this long. */
const ROUND_SECONDS = 3;
const MAX_ROUNDS = 10;
/** Warm once the UpdateItem rates of this many rounds in a row lie within STEADY_SPREAD of their highest. */
export const STEADY_ROUNDS = 3;
export const STEADY_SPREAD = 0.1;

export interface WarmupRound {
  readonly update: number;
  readonly post: number;
}

/**
 * DynamoDB Local runs on the JVM: its first minute under load is JIT compilation, during which its
 * rate more than doubles (measured here: UpdateItem from ~190/s to ~420/s at 16 connections). Runs
 * compared with each other must not straddle that, so the engine and the click path are driven in
 * rounds until the engine's rate stops climbing. Nothing of these rounds is reported as a figure.
 */
export async function warmEngine(
  targets: readonly Target[],
  options: ThroughputOptions,
): Promise<WarmupRound[]> {
  const driven = targets.filter((t) => POST_ROUND_TARGETS.includes(t.name));
  const rounds: WarmupRound[] = [];
  const rate = (measurements: readonly Measurement[], name: string) =>
    measurements.find((m) => m.target.name === name)?.result.okPerSecond ?? 0;
  while (rounds.length < MAX_ROUNDS) {
    const measurements = await measureThroughput(driven, {
      ...options,
      connections: [TARGET_CONNECTIONS],
      seconds: ROUND_SECONDS,
      warmupSeconds: 0,
    });
    rounds.push({ update: rate(measurements, NAMES.update), post: rate(measurements, NAMES.post) });
    const recent = rounds.slice(-STEADY_ROUNDS).map((r) => r.update);
    if (recent.length === STEADY_ROUNDS && Math.min(...recent) >= (1 - STEADY_SPREAD) * Math.max(...recent))
      break;
  }
  return rounds;
}
