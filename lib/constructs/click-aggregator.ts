import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { clickAggregator } from '../../lambdas/contract/functions';
import {
  aggregatorEnvironment,
  clickStreamSettings,
  type FunctionContext,
  type StreamSourceSettings,
} from '../functions';
import type { TableKey } from '../../lambdas/contract/tables';
import { ServiceFunction } from './area-function';

export interface ClickAggregatorProps {
  readonly config: StageConfig;
  readonly tables: Record<TableKey, ITable>;
  readonly context: FunctionContext;
}

/**
 * The consumer of the clicks table's stream (lambdas/clicks/aggregator.ts): its function, the event
 * source mapping with the settings of lib/functions.ts (local mode's poller reads the same), and the
 * on-failure destination where a batch lands after its last retry, which Monitoring alarms on.
 */
export class ClickAggregator extends Construct {
  readonly function: ServiceFunction;
  readonly failedBatches: Queue;
  readonly settings: StreamSourceSettings;

  constructor(scope: Construct, id: string, props: ClickAggregatorProps) {
    super(scope, id);
    const { config } = props;
    this.settings = clickStreamSettings(config.clicks);

    this.function = new ServiceFunction(this, 'Function', {
      name: 'click aggregator',
      entry: clickAggregator.entry,
      description: `Cloud Clicker ${config.stageName}: click totals from the clicks table's stream`,
      config,
      tables: props.tables,
      access: clickAggregator.tables,
      timeoutSeconds: clickAggregator.timeoutSeconds,
      environment: aggregatorEnvironment(props.context),
    });

    // What lands here names the shard and the sequence numbers of records not counted; they stay in
    // the stream for 24 hours, long enough to fix the cause and replay them (README, operator guide).
    this.failedBatches = new Queue(this, 'FailedBatches', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.failedBatches).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the on-failure destination of the click stream; nothing consumes it automatically.',
    });

    const source = props.tables[clickAggregator.source];
    this.function.addEventSource(
      new DynamoEventSource(source, {
        startingPosition: StartingPosition[this.settings.startingPosition],
        batchSize: this.settings.batchSize,
        maxBatchingWindow: Duration.seconds(this.settings.maxBatchingWindowSeconds),
        retryAttempts: this.settings.retryAttempts,
        reportBatchItemFailures: this.settings.reportBatchItemFailures,
        tumblingWindow: Duration.seconds(this.settings.tumblingWindowSeconds),
        // A failed part is retried from its first record; halving the batch would only repeat work.
        bisectBatchOnError: false,
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.failedBatches),
      }),
    );
    Validations.of(this.function.executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams, which the event source mapping needs, has no resource-level permissions.',
    });
  }
}
