import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  AREA_DIMENSION,
  AREA_METRICS,
  BUSINESS_METRICS,
  type BusinessMetric,
  METRICS_NAMESPACE,
  STAGE_DIMENSION,
} from '../contract/metrics';

/**
 * Business and per-function metrics as CloudWatch EMF (Powertools Metrics): handlers record, the
 * shared pipeline (http.ts) flushes once per request, which prints one JSON line per dimension set to
 * stdout; Lambda's log agent turns it into metrics, and local mode prints it like the logs.
 *
 * A line holds the namespace, the dimension values (stage, area) and the numbers — nothing taken
 * from a request, so no user data can end up in a metric.
 */
export type CountMetric = Exclude<BusinessMetric, 'chatProviderLatency'>;
export type DurationMetric = Extract<BusinessMetric, 'chatProviderLatency'>;

const instances = new Map<string, Metrics>();

function metricsFor(dimensions: Record<string, string>): Metrics {
  const key = JSON.stringify(dimensions);
  let metrics = instances.get(key);
  if (!metrics) {
    metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'cloud-clicker' });
    // Powertools adds a `service` dimension by default; the dashboard and alarms key on ours only.
    metrics.clearDefaultDimensions();
    metrics.setDefaultDimensions(dimensions);
    instances.set(key, metrics);
  }
  return metrics;
}

const stage = (): string => process.env.STAGE ?? 'unknown';
const business = (): Metrics => metricsFor({ [STAGE_DIMENSION]: stage() });

/** Counts one (or `count`) occurrences of a business event. */
export function countMetric(name: CountMetric, count = 1): void {
  business().addMetric(BUSINESS_METRICS[name], MetricUnit.Count, count);
}

/** Records a duration in milliseconds. */
export function recordDuration(name: DurationMetric, milliseconds: number): void {
  business().addMetric(BUSINESS_METRICS[name], MetricUnit.Milliseconds, milliseconds);
}

/** Counts a 5xx answer of one function (area); called by the shared pipeline only. */
export function countServerError(area: string): void {
  metricsFor({ [STAGE_DIMENSION]: stage(), [AREA_DIMENSION]: area }).addMetric(
    AREA_METRICS.serverErrors,
    MetricUnit.Count,
    1,
  );
}

/** Prints what was recorded since the last flush (nothing when nothing was recorded). */
export function flushMetrics(): void {
  for (const metrics of instances.values()) {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
}
