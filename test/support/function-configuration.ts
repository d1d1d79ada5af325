import type { Area } from '../../lambdas/contract/routes';
import { tableKeys, type TableKey } from '../../lambdas/contract/tables';
import type { Environment } from '../../lambdas/shared/env';
import { functionEnvironment } from '../../lib/functions';

/**
 * The configuration a function gets in AWS and in local mode (lib/functions.ts), for a stage of
 * tests: tables named after their keys, a user pool that is never called, the offline chat advisor.
 */
export function testConfiguration(area: Area): Environment {
  return functionEnvironment(area, {
    stage: 'test',
    tableNames: Object.fromEntries(tableKeys.map((key) => [key, `test-${key}`])) as Record<TableKey, string>,
    userPoolId: 'us-east-1_test',
    userPoolClientId: 'test-client',
    clicks: { ratePerSecond: 20, burst: 40, aggregationWindowSeconds: 0 },
    chat: { provider: 'local', modelId: 'offline-advisor' },
  });
}
