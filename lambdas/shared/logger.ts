import { Logger } from '@aws-lambda-powertools/logger';

const loggers = new Map<string, Logger>();

/**
 * One structured logger per function; its level comes from POWERTOOLS_LOG_LEVEL (default INFO).
 * Callers log facts, never headers, bodies or tokens.
 */
export function loggerFor(area: string): Logger {
  let logger = loggers.get(area);
  if (!logger) {
    logger = new Logger({ serviceName: `cloud-clicker-${area}` });
    loggers.set(area, logger);
  }
  return logger;
}
