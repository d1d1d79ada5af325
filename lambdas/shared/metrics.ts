import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  AREA_DIMENSION,
  AREA_METRICS,
  BUSINESS_METRICS,
  type BusinessMetric,
  METRICS_NAMESPACE,
  STAGE_DIMENSION,
} from '../contract/metrics';
import { ENV } from '../contract/functions';
import type { Environment } from './env';

/**
 * Business and per-function metrics as CloudWatch EMF (Powertools Metrics): handlers record, the
 * pipeline's `logMetrics` middleware publishes once per request, which prints one JSON line per
 * dimension set to stdout; Lambda's log agent turns it into metrics, and local mode prints it like
 * the logs.
 *
 * A line holds the namespace, the dimension values (stage, area) and the numbers — nothing taken
 * from a request, so no user data can end up in a metric.
 */
export type CountMetric = Exclude<BusinessMetric, 'chatProviderLatency'>;
export type DurationMetric = Extract<BusinessMetric, 'chatProviderLatency'>;

/**
 * Publishes only when something was recorded: most requests record nothing, and Powertools would
 * log a warning for each of them.
 */
class RequestMetrics extends Metrics {
  override publishStoredMetrics(): this {
    return this.hasStoredMetrics() ? super.publishStoredMetrics() : this;
  }
}

const instances = new Map<string, Metrics>();

function metricsFor(dimensions: Record<string, string>): Metrics {
  const key = JSON.stringify(dimensions);
  let metrics = instances.get(key);
  if (!metrics) {
    metrics = new RequestMetrics({ namespace: METRICS_NAMESPACE, serviceName: 'cloud-clicker' });
    // Powertools adds a `service` dimension by default; the dashboard and alarms key on ours only.
    metrics.clearDefaultDimensions();
    metrics.setDefaultDimensions(dimensions);
    instances.set(key, metrics);
  }
  return metrics;
}

const stageOf = (env: Environment): string => env[ENV.stage] ?? 'unknown';

/** What the pipeline records for a function (area) in the stage its configuration names. */
export interface FunctionMetrics {
  /** Counts a 5xx answer of the function. */
  serverError(): void;
  /** What the logMetrics middleware publishes after each request: business and per-function. */
  readonly published: Metrics[];
}

export function functionMetrics(env: Environment, area: string): FunctionMetrics {
  const stage = stageOf(env);
  const ofArea = metricsFor({ [STAGE_DIMENSION]: stage, [AREA_DIMENSION]: area });
  return {
    serverError: () => ofArea.addMetric(AREA_METRICS.serverErrors, MetricUnit.Count, 1),
    published: [metricsFor({ [STAGE_DIMENSION]: stage }), ofArea],
  };
}

/** What a function's operations record: business events, in the stage its configuration names. */
export interface BusinessMetrics {
  /** Counts one (or `count`) occurrences of a business event. */
  count(name: CountMetric, count?: number): void;
  /** Records a duration in milliseconds. */
  duration(name: DurationMetric, milliseconds: number): void;
}

export function businessMetrics(env: Environment): BusinessMetrics {
  const business = metricsFor({ [STAGE_DIMENSION]: stageOf(env) });
  return {
    count: (name, count = 1) => business.addMetric(BUSINESS_METRICS[name], MetricUnit.Count, count),
    duration: (name, milliseconds) =>
      business.addMetric(BUSINESS_METRICS[name], MetricUnit.Milliseconds, milliseconds),
  };
}
