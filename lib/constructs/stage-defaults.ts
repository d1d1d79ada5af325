import { RemovalPolicy } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { StageConfig } from '../config';

/** What happens to stateful resources (tables, user pool, log groups) when their stack is deleted. */
export const removalPolicyOf = (config: StageConfig): RemovalPolicy =>
  config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

/** The config schema only admits CloudWatch's retention values, which are RetentionDays' values too. */
export const logRetentionOf = (config: StageConfig): RetentionDays =>
  config.logRetentionDays as RetentionDays;
