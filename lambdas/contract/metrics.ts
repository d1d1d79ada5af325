/**
 * The custom CloudWatch metrics the functions emit as EMF, described once: the functions record them
 * (lambdas/shared/metrics.ts) and the CDK dashboard and alarms read them (lib/constructs/monitoring.ts),
 * so a renamed metric cannot leave a graph or an alarm watching nothing.
 *
 * Every metric carries only the `stage` dimension (plus `area` for the per-function ones), and only
 * counts and durations: never a user id, a name, a token or any request content.
 */
export const METRICS_NAMESPACE = 'CloudClicker';

/** The dimension every metric carries; its value is the function's STAGE variable. */
export const STAGE_DIMENSION = 'stage';
/** The extra dimension of the per-function metrics. */
export const AREA_DIMENSION = 'area';

/** Business metrics, dimension `stage` only. */
export const BUSINESS_METRICS = {
  /** A click acknowledged by POST /api/clicks (Count). */
  clicks: 'Clicks',
  /** An account created by POST /api/register (Count). */
  registrations: 'Registrations',
  /** A sign-in refused for a wrong username or password (Count). */
  failedLogins: 'FailedLogins',
  /** A review created or changed by PUT /api/parks/{parkId}/reviews/me (Count). */
  reviews: 'Reviews',
  /** A chat message sent to the language model (Count). */
  chatRequests: 'ChatRequests',
  /** How long the language model took to answer or fail (Milliseconds). */
  chatProviderLatency: 'ChatProviderLatency',
  /** A language-model call that failed or timed out (Count). */
  chatProviderErrors: 'ChatProviderErrors',
  /** Model tokens (input plus output) a reply used, as the provider reports them (Count). */
  chatTokens: 'ChatTokens',
  /** A chat message refused because the stage's daily token budget is spent (Count). */
  chatBudgetRefusals: 'ChatBudgetRefusals',
} as const;

export type BusinessMetric = keyof typeof BUSINESS_METRICS;

/** Per-function metrics, dimensions `stage` and `area`. */
export const AREA_METRICS = {
  /**
   * A 5xx answer. The shared pipeline turns every failure into an HTTP answer, so Lambda's own
   * Errors metric only sees crashes and timeouts; this one sees the 500s and 503s users get.
   */
  serverErrors: 'ServerErrors',
} as const;
