import { Match } from 'aws-cdk-lib/assertions';
import { clickStreamSettings } from '../../lib/functions';
import { actionsOf, importOf, logicalId, STAGES, statementsOfRole, synthStages } from './fixtures';

const built = synthStages();

describe.each(STAGES)('click totals from the stream (%s)', (stage) => {
  const { api, data, apiTemplate, dataTemplate, config } = built[stage];
  const aggregator = api.clickAggregator;
  const settings = clickStreamSettings(config.clicks);
  const dataOutput = (attribute: 'Arn' | 'StreamArn', table: 'clicks' | 'clickTotals') =>
    importOf(dataTemplate, { 'Fn::GetAtt': [logicalId(data, data.tables[table]), attribute] });

  it('streams the clicks table with both images, and only the clicks table', () => {
    dataTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    const streamed = Object.values(dataTemplate.findResources('AWS::DynamoDB::Table')).filter(
      (table) => (table.Properties as Record<string, unknown>).StreamSpecification !== undefined,
    );
    expect(streamed).toHaveLength(1);
    expect(dataOutput('StreamArn', 'clicks')).toBeDefined();
  });

  it("maps the stream to the aggregator with lib/functions.ts's settings", () => {
    apiTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(api, aggregator.function) },
      EventSourceArn: dataOutput('StreamArn', 'clicks'),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: settings.batchSize,
      MaximumBatchingWindowInSeconds: config.clicks.aggregationWindowSeconds,
      MaximumRetryAttempts: settings.retryAttempts,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      TumblingWindowInSeconds: settings.tumblingWindowSeconds,
      BisectBatchOnFunctionError: false,
      ParallelizationFactor: 1,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(api, aggregator.failedBatches), 'Arn'] } },
      },
    });
    expect(settings.batchSize).toBeGreaterThan(1);
    expect(settings.retryAttempts).toBeGreaterThan(0);
  });

  it('keeps failed batches in an encrypted, TLS-only queue and alarms on the first one', () => {
    apiTemplate.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    apiTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    apiTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `CloudClicker-${stage}-click-batches-failed`,
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(api, aggregator.failedBatches), 'QueueName'] },
        },
      ],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    apiTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `CloudClicker-${stage}-click-aggregation-lag`,
      MetricName: 'IteratorAge',
    });
  });

  it('grants the aggregator items of clickTotals, the clicks stream, the queue, its log group and the live publish, nothing else', () => {
    const statements = statementsOfRole(apiTemplate, logicalId(api, aggregator.function.executionRole));
    const itemStatements = statements.filter((s) => actionsOf(s).includes('dynamodb:UpdateItem'));
    expect(itemStatements).toHaveLength(1);
    // Its transactions update counters and checkpoints, and it reads the totals it pushes: no puts or deletes.
    expect(actionsOf(itemStatements[0])).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(itemStatements[0].Resource).toEqual(dataOutput('Arn', 'clickTotals'));
    const streamStatement = statements.find((s) => actionsOf(s).includes('dynamodb:GetRecords'));
    expect(streamStatement?.Resource).toEqual(dataOutput('StreamArn', 'clicks'));
    const allActions = statements.flatMap(actionsOf);
    // The clicks table's items are never the aggregator's to touch; only its stream.
    expect(JSON.stringify(statements)).not.toContain(JSON.stringify(dataOutput('Arn', 'clicks')));
    expect(allActions.filter((a) => a.startsWith('sqs:')).sort()).toEqual(
      ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'].sort(),
    );
    expect(allActions.filter((a) => a.startsWith('appsync:'))).toEqual(['appsync:EventPublish']);
    expect(allActions.every((a) => /^(dynamodb|sqs|logs):|^appsync:EventPublish$/.test(a))).toBe(true);
  });

  it('runs the aggregator handler with only its table and the live publish endpoint in the environment', () => {
    apiTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: {
          STAGE: stage,
          CLICKTOTALS_TABLE: Match.anyValue(),
          LIVE_EVENTS_URL: {
            'Fn::Join': [
              '',
              ['https://', { 'Fn::GetAtt': [logicalId(api, api.liveEvents.api), 'Dns.Http'] }, '/event'],
            ],
          },
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });
});
