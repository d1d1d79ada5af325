/** Network failures reaching a dependency (a database, the user pool) rather than a bug of ours. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** AWS errors that mean "busy or briefly down; the same request may work in a moment". */
const RETRYABLE_AWS_ERRORS = new Set([
  'TimeoutError',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalErrorException',
  'TooManyRequestsException',
  'LimitExceededException',
  'TransactionConflictException',
  'TransactionInProgressException',
]);

/** Why DynamoDB cancels a transaction when it is busy rather than when the request is wrong. */
const BUSY_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/**
 * A transaction cancelled only because other writers held its items or the table was throttled
 * (the SDK's retries ran out): busy, not refused. A failed condition among the reasons is a real answer.
 */
function isContention(error: Error): boolean {
  if (error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return (
    reasons.some((r) => BUSY_REASONS.has(r.Code ?? '')) &&
    reasons.every((r) => BUSY_REASONS.has(r.Code ?? '') || r.Code === 'None' || r.Code === undefined)
  );
}

/** True when an error means a dependency is unavailable, which the API answers with 503, not 500. */
export function isDependencyUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code !== undefined && NETWORK_CODES.has(code)) ||
    RETRYABLE_AWS_ERRORS.has(error.name) ||
    isContention(error)
  );
}
