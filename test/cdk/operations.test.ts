import type { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { CANARY_ALIAS_ACTIONS } from '../../lib/constructs/canary-deployment';
import { ALARM_THRESHOLDS } from '../../lib/constructs/monitoring';
import { AREA_METRICS, BUSINESS_METRICS, METRICS_NAMESPACE } from '../../lambdas/contract/metrics';
import { areas } from '../../lambdas/contract/routes';
import { LIVE_ALIAS } from '../../lib/stacks/api-stack';
import { tableKeys } from '../../lambdas/contract/tables';
import {
  actionsOf,
  DOMAIN_STAGE,
  DOMAIN_STAGE_SETTINGS,
  domainStageContext,
  importOf,
  logicalId,
  statementsOfRole,
  type SynthesizedStage,
  synthStage,
} from './fixtures';

type Json = Record<string, unknown>;
type Resource = {
  Type: string;
  Properties: Json;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdatePolicy?: Json;
};

const built = {
  dev: synthStage('dev'),
  prod: synthStage('prod'),
  [DOMAIN_STAGE]: synthStage(DOMAIN_STAGE, domainStageContext),
} as Record<string, SynthesizedStage>;
const STAGES = ['dev', 'prod'] as const;

const apiResources = (stage: SynthesizedStage): Record<string, Resource> =>
  stage.apiTemplate.toJSON().Resources as Record<string, Resource>;
const ofType = (resources: Record<string, Resource>, type: string): [string, Resource][] =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

/**
 * The dashboard body is a Fn::Join of JSON text and references; every reference sits inside a JSON
 * string, so it becomes `${Ref:<id>}` (or `${GetAtt:<id>.<attr>}`, `${Import:<name>}`) and the
 * whole parses as JSON.
 */
function dashboardBody(stage: SynthesizedStage): { widgets: Widget[] } {
  const [[, dashboard]] = ofType(apiResources(stage), 'AWS::CloudWatch::Dashboard');
  const body = dashboard.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] } | string;
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1]
          .map((part) => {
            if (typeof part === 'string') return part;
            const p = part as Json;
            if ('Ref' in p) return `\${Ref:${String(p.Ref)}}`;
            if ('Fn::GetAtt' in p) return `\${GetAtt:${(p['Fn::GetAtt'] as string[]).join('.')}}`;
            if ('Fn::ImportValue' in p) return `\${Import:${String(p['Fn::ImportValue'])}}`;
            throw new Error(`Unexpected token in the dashboard body: ${JSON.stringify(part)}`);
          })
          .join('');
  return JSON.parse(text) as { widgets: Widget[] };
}
interface Widget {
  type: string;
  width: number;
  properties: { title?: string; markdown?: string; metrics?: unknown[][]; alarms?: string[] };
}
/** A metric row of a graph: [namespace, name, dim, value, ..., {options}] or [{expression, ...}]. */
const metricRows = (widget: Widget): unknown[][] => widget.properties.metrics ?? [];
const dimensionsOf = (row: unknown[]): Record<string, unknown> => {
  const parts = row.filter((p) => typeof p !== 'object');
  const dims: Record<string, unknown> = {};
  for (let i = 2; i + 1 < parts.length; i += 2) dims[String(parts[i])] = parts[i + 1];
  return dims;
};

const refOf = (stack: Stack, construct: { node: { defaultChild?: unknown } }) => ({
  Ref: logicalId(stack, construct),
});

describe.each(STAGES)('monitoring (%s)', (stageName) => {
  const stage = built[stageName];
  const { api, data, config } = stage;
  const resources = apiResources(stage);
  const monitoring = api.monitoring;
  const topicRef = refOf(api, monitoring.topic);
  const alarms = Object.fromEntries(
    ofType(resources, 'AWS::CloudWatch::Alarm').map(([, r]) => [
      r.Properties.AlarmName as string,
      r.Properties,
    ]),
  );
  const alarm = (name: string): Json => {
    const found = alarms[`CloudClicker-${stageName}-${name}`];
    if (!found) throw new Error(`No alarm ${name}; have ${Object.keys(alarms).join(', ')}`);
    return found;
  };
  const apiId = refOf(api, api.api);

  it('sends every alarm, and its recovery, to the stage’s TLS-only topic', () => {
    // API, per function, per table, chat's four (provider errors, budget spent, volume, token use),
    // and the click aggregation's three.
    expect(Object.keys(alarms).length).toBe(2 + areas.length * 3 + tableKeys.length + 4 + 3);
    for (const properties of Object.values(alarms)) {
      expect(properties.AlarmActions).toEqual([topicRef]);
      expect(properties.OKActions).toEqual([topicRef]);
      expect(properties.TreatMissingData).toBe('notBreaching');
      expect(String(properties.AlarmDescription)).toMatch(/operator guide/);
    }
    stage.apiTemplate.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topicRef],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
    // cdk.json gives dev and prod no alarmEmail: no subscription (the domain stage test has one).
    expect(config.alarmEmail).toBeUndefined();
    stage.apiTemplate.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('API 5xx rate: over 1 % of answers, every minute for 5 minutes (metric math on 5xx and Count)', () => {
    const t = ALARM_THRESHOLDS.api5xxRatePercent;
    const properties = alarm('api-5xx-rate');
    expect(properties).toMatchObject({
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: t.threshold,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
    });
    expect(t).toMatchObject({ threshold: 1, periodMinutes: 1, evaluationPeriods: 5 });
    const metrics = properties.Metrics as Json[];
    const expression = metrics.find((m) => 'Expression' in m);
    expect(expression).toMatchObject({
      Expression: 'IF(requests > 0, 100 * errors5xx / requests, 0)',
      ReturnData: true,
    });
    const stat = (id: string) => metrics.find((m) => m.Id === id)?.MetricStat as Json;
    for (const [id, name] of [
      ['errors5xx', '5xx'],
      ['requests', 'Count'],
    ]) {
      expect(stat(id)).toEqual({
        Metric: {
          Namespace: 'AWS/ApiGateway',
          MetricName: name,
          Dimensions: [{ Name: 'ApiId', Value: apiId }],
        },
        Period: 60,
        Stat: 'Sum',
      });
    }
  });

  it('API p99 latency: over the threshold for three 5-minute periods', () => {
    const t = ALARM_THRESHOLDS.apiLatencyP99Ms;
    expect(alarm('api-latency-p99')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      Dimensions: [{ Name: 'ApiId', Value: apiId }],
      ExtendedStatistic: 'p99',
      Period: t.periodMinutes * 60,
      Threshold: t.threshold,
      EvaluationPeriods: t.evaluationPeriods,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it.each(areas)('%s function: errors of its live alias, its 5xx answers and its throttles', (area) => {
    const fn = api.functions[area];
    expect(alarm(`${area}-errors`)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Period: 60,
      Threshold: ALARM_THRESHOLDS.functionErrors.threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    const aliasDimensions = alarm(`${area}-errors`).Dimensions as { Name: string; Value: unknown }[];
    expect(aliasDimensions).toEqual(
      expect.arrayContaining([
        { Name: 'FunctionName', Value: refOf(api, fn) },
        { Name: 'Resource', Value: { 'Fn::Join': ['', [refOf(api, fn), `:${LIVE_ALIAS}`]] } },
      ]),
    );
    expect(alarm(`${area}-5xx`)).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: AREA_METRICS.serverErrors,
      Dimensions: expect.arrayContaining([
        { Name: 'stage', Value: stageName },
        { Name: 'area', Value: area },
      ]),
      Statistic: 'Sum',
      Period: 60,
      Threshold: ALARM_THRESHOLDS.functionServerErrors.threshold,
    });
    expect(alarm(`${area}-throttles`)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Dimensions: [{ Name: 'FunctionName', Value: refOf(api, fn) }],
      Period: 300,
      Threshold: ALARM_THRESHOLDS.functionThrottles.threshold,
    });
  });

  it.each(tableKeys)('%s table: throttled reads plus writes', (key) => {
    const properties = alarm(`${key}-table-throttles`);
    expect(properties).toMatchObject({
      Threshold: ALARM_THRESHOLDS.tableThrottles.threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    const metrics = properties.Metrics as Json[];
    expect(metrics.find((m) => 'Expression' in m)?.Expression).toBe(`reads_${key} + writes_${key}`);
    const tableName = importOf(stage.dataTemplate, refOf(data, data.tables[key]));
    for (const [id, name] of [
      [`reads_${key}`, 'ReadThrottleEvents'],
      [`writes_${key}`, 'WriteThrottleEvents'],
    ]) {
      expect(metrics.find((m) => m.Id === id)?.MetricStat).toEqual({
        Metric: {
          Namespace: 'AWS/DynamoDB',
          MetricName: name,
          Dimensions: [{ Name: 'TableName', Value: tableName }],
        },
        Period: 300,
        Stat: 'Sum',
      });
    }
  });

  it('chat provider errors (EMF)', () => {
    expect(alarm('chat-provider-errors')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: BUSINESS_METRICS.chatProviderErrors,
      Dimensions: [{ Name: 'stage', Value: stageName }],
      Statistic: 'Sum',
      Threshold: ALARM_THRESHOLDS.chatProviderErrors.threshold,
    });
  });

  describe('dashboard', () => {
    const { widgets } = dashboardBody(stage);
    const byTitle = (title: string): Widget => {
      const widget = widgets.find((w) => w.properties.title === title);
      if (!widget)
        throw new Error(`No widget "${title}"; have ${widgets.map((w) => w.properties.title).join(', ')}`);
      return widget;
    };

    it(`is named CloudClicker-${stageName}`, () => {
      stage.apiTemplate.hasResourceProperties('AWS::CloudWatch::Dashboard', {
        DashboardName: `CloudClicker-${stageName}`,
      });
    });

    it('shows every alarm', () => {
      const alarmWidget = widgets.find((w) => w.type === 'alarm');
      expect(alarmWidget?.properties.alarms).toHaveLength(Object.keys(alarms).length);
      for (const alarmArn of alarmWidget?.properties.alarms ?? [])
        expect(alarmArn).toMatch(/^\$\{GetAtt:Monitoring.*\.Arn\}$/);
    });

    it('API: requests, 4xx and 5xx rates, latency p50/p90/p99', () => {
      expect(metricRows(byTitle('API requests'))).toEqual([
        [
          'AWS/ApiGateway',
          'Count',
          'ApiId',
          `\${Ref:${apiId.Ref}}`,
          expect.objectContaining({ stat: 'Sum' }),
        ],
      ]);
      const rates = metricRows(byTitle('API 4xx and 5xx rate (%)'));
      expect(
        rates.filter((row) => typeof row[0] === 'object').map((row) => (row[0] as Json).expression),
      ).toEqual([
        'IF(requests > 0, 100 * errors4xx / requests, 0)',
        'IF(requests > 0, 100 * errors5xx / requests, 0)',
      ]);
      const latency = metricRows(byTitle('API latency (ms)'));
      expect(latency.map((row) => (row[row.length - 1] as Json).stat)).toEqual(['p50', 'p90', 'p99']);
      expect(latency.every((row) => row[1] === 'Latency')).toBe(true);
    });

    it.each([
      ['Function invocations', 'Invocations', 'Sum'],
      ['Function errors (crashes, timeouts)', 'Errors', 'Sum'],
      ['Function throttles', 'Throttles', 'Sum'],
      ['Function duration p99 (ms)', 'Duration', 'p99'],
      ['Function concurrent executions', 'ConcurrentExecutions', 'Maximum'],
    ])('%s: one line per function', (title, metricName, stat) => {
      const rows = metricRows(byTitle(title));
      expect(rows.map((row) => dimensionsOf(row).FunctionName)).toEqual(
        areas.map((area) => `\${Ref:${logicalId(api, api.functions[area])}}`),
      );
      for (const row of rows) {
        expect(row.slice(0, 2)).toEqual(['AWS/Lambda', metricName]);
        expect((row[row.length - 1] as Json).stat).toBe(stat);
      }
    });

    it('5xx answers per function (EMF)', () => {
      const rows = metricRows(byTitle('Function 5xx answers'));
      expect(rows.map((row) => [row[0], row[1], dimensionsOf(row)])).toEqual(
        areas.map((area) => [METRICS_NAMESPACE, AREA_METRICS.serverErrors, { stage: stageName, area }]),
      );
    });

    it.each([
      ['DynamoDB consumed read units', 'ConsumedReadCapacityUnits'],
      ['DynamoDB consumed write units', 'ConsumedWriteCapacityUnits'],
    ])('%s: one line per table', (title, metricName) => {
      const rows = metricRows(byTitle(title));
      expect(rows).toHaveLength(tableKeys.length);
      for (const row of rows) expect(row.slice(0, 2)).toEqual(['AWS/DynamoDB', metricName]);
      expect(rows.map((row) => String(dimensionsOf(row).TableName))).toEqual(
        tableKeys.map(
          (key) =>
            `\${Import:${(importOf(stage.dataTemplate, refOf(data, data.tables[key])) as { 'Fn::ImportValue': string })['Fn::ImportValue']}}`,
        ),
      );
    });

    it('DynamoDB throttles per table', () => {
      const rows = metricRows(byTitle('DynamoDB throttled reads + writes'));
      expect(
        rows.filter((row) => typeof row[0] === 'object').map((row) => (row[0] as Json).expression),
      ).toEqual(tableKeys.map((key) => `reads_${key} + writes_${key}`));
    });

    it.each([
      ['Clicks per minute', ['Clicks']],
      ['Registrations and failed sign-ins', ['Registrations', 'FailedLogins']],
      ['Reviews written', ['Reviews']],
      ['RangerAI requests and provider errors', ['ChatRequests', 'ChatProviderErrors']],
      ['RangerAI provider latency (ms)', ['ChatProviderLatency', 'ChatProviderLatency']],
    ])('business metrics: %s', (title, names) => {
      const rows = metricRows(byTitle(title));
      expect(rows.map((row) => [row[0], row[1], dimensionsOf(row)])).toEqual(
        names.map((name) => [METRICS_NAMESPACE, name, { stage: stageName }]),
      );
      expect(names.every((name) => Object.values<string>(BUSINESS_METRICS).includes(name))).toBe(true);
    });

    it('charts every business metric', () => {
      const charted = new Set(
        widgets
          .flatMap((w) => metricRows(w))
          .filter((r) => r[0] === METRICS_NAMESPACE)
          .map((r) => r[1]),
      );
      expect([...charted].sort()).toEqual(
        [...Object.values(BUSINESS_METRICS), AREA_METRICS.serverErrors].sort(),
      );
    });
  });

  it('saves Logs Insights queries for errors by route over every function’s log group', () => {
    const queries = Object.fromEntries(
      ofType(resources, 'AWS::Logs::QueryDefinition').map(([, r]) => [
        r.Properties.Name as string,
        r.Properties,
      ]),
    );
    const logGroups = areas.map((area) => refOf(api, api.functions[area].logGroup as never));
    const byRoute = queries[`CloudClicker/${stageName}/errors-by-route`];
    expect(byRoute.LogGroupNames).toEqual(logGroups);
    expect(byRoute.QueryString).toMatch(/filter ispresent\(route\) and status >= 500/);
    expect(byRoute.QueryString).toMatch(/stats count\(\*\) as errors by route, status/);
    expect(byRoute.QueryString).toMatch(/sort errors desc/);
    const unhandled = queries[`CloudClicker/${stageName}/unhandled-errors`];
    expect(unhandled.LogGroupNames).toEqual(logGroups);
    expect(unhandled.QueryString).toMatch(/filter level = 'ERROR'/);
  });
});

it('a stage with alarmEmail subscribes it to the alarm topic', () => {
  const { api, apiTemplate } = built[DOMAIN_STAGE];
  apiTemplate.resourceCountIs('AWS::SNS::Subscription', 1);
  apiTemplate.hasResourceProperties('AWS::SNS::Subscription', {
    Protocol: 'email',
    Endpoint: DOMAIN_STAGE_SETTINGS.alarmEmail,
    TopicArn: refOf(api, api.monitoring.topic),
  });
});

describe.each(STAGES)('safe deploys (%s)', (stageName) => {
  const stage = built[stageName];
  const { api, config } = stage;
  const resources = apiResources(stage);
  const aliasId = (area: (typeof areas)[number]) => logicalId(api, api.aliases[area]);

  it.each(areas)(`%s: published as a version behind the "${LIVE_ALIAS}" alias`, (area) => {
    const alias = resources[aliasId(area)];
    expect(alias.Type).toBe('AWS::Lambda::Alias');
    expect(alias.Properties).toMatchObject({
      Name: LIVE_ALIAS,
      FunctionName: refOf(api, api.functions[area]),
    });
    const version = (alias.Properties.FunctionVersion as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    expect(version[1]).toBe('Version');
    expect(resources[version[0]]).toMatchObject({
      Type: 'AWS::Lambda::Version',
      Properties: { FunctionName: refOf(api, api.functions[area]) },
      // Old versions stay, so a rollback has something to go back to.
      DeletionPolicy: 'Retain',
    });
  });

  it('API Gateway integrates with, and may invoke, the aliases only', () => {
    const integrations = ofType(resources, 'AWS::ApiGatewayV2::Integration');
    expect(integrations.map(([, r]) => r.Properties.IntegrationUri)).toEqual(
      expect.arrayContaining(areas.map((area) => ({ Ref: aliasId(area) }))),
    );
    expect(integrations).toHaveLength(areas.length);
    for (const [, permission] of ofType(resources, 'AWS::Lambda::Permission')) {
      expect(areas.map((area) => ({ Ref: aliasId(area) }))).toContainEqual(
        permission.Properties.FunctionName,
      );
    }
  });

  if (stageName === 'prod') {
    it('prod: one CodeDeploy application with a canary deployment group per function', () => {
      expect(config.canary).toBe(true);
      stage.apiTemplate.resourceCountIs('AWS::CodeDeploy::Application', 1);
      stage.apiTemplate.hasResourceProperties('AWS::CodeDeploy::Application', { ComputePlatform: 'Lambda' });
      expect(ofType(resources, 'AWS::CodeDeploy::DeploymentGroup')).toHaveLength(areas.length);
    });

    it.each(areas)('prod %s: 10 % for 5 minutes, rolled back by its own error and 5xx alarms', (area) => {
      const canary = api.canaries![area];
      const groupId = logicalId(api, canary.group);
      const group = resources[groupId];
      const alarmRefs = api.monitoring.rollbackAlarms[area].map((a) => ({ Name: refOf(api, a) }));
      expect(group.Properties).toMatchObject({
        DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
        DeploymentStyle: { DeploymentOption: 'WITH_TRAFFIC_CONTROL', DeploymentType: 'BLUE_GREEN' },
        AlarmConfiguration: { Enabled: true, Alarms: alarmRefs },
        AutoRollbackConfiguration: {
          Enabled: true,
          Events: expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
        },
        ServiceRoleArn: { 'Fn::GetAtt': [logicalId(api, canary.role), 'Arn'] },
      });
      const alarmNames = api.monitoring.rollbackAlarms[area].map(
        (a) => resources[logicalId(api, a)].Properties.AlarmName,
      );
      expect(alarmNames).toEqual([`CloudClicker-prod-${area}-errors`, `CloudClicker-prod-${area}-5xx`]);
      // The alias moves only through the group.
      expect(resources[aliasId(area)].UpdatePolicy).toEqual({
        CodeDeployLambdaAliasUpdate: {
          ApplicationName: { Ref: expect.any(String) },
          DeploymentGroupName: { Ref: groupId },
        },
      });
    });

    it.each(areas)('prod %s: the canary role may move that alias only, with no managed policy', (area) => {
      const canary = api.canaries![area];
      const roleId = logicalId(api, canary.role);
      expect(resources[roleId].Properties.ManagedPolicyArns).toBeUndefined();
      const fnArn = { 'Fn::GetAtt': [logicalId(api, api.functions[area]), 'Arn'] };
      expect(statementsOfRole(stage.apiTemplate, roleId)).toEqual([
        {
          Effect: 'Allow',
          Action: [...CANARY_ALIAS_ACTIONS].sort(),
          Resource: [fnArn, { 'Fn::Join': ['', [fnArn, `:${LIVE_ALIAS}`]] }],
        },
        { Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: '*' },
      ]);
    });
  } else {
    it('dev: no CodeDeploy, the alias moves at once', () => {
      expect(config.canary).toBe(false);
      expect(api.canaries).toBeUndefined();
      stage.apiTemplate.resourceCountIs('AWS::CodeDeploy::Application', 0);
      stage.apiTemplate.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 0);
      for (const area of areas) expect(resources[aliasId(area)].UpdatePolicy).toBeUndefined();
    });
  }
});

describe.each(STAGES)('retention and protection (%s)', (stageName) => {
  const stage = built[stageName];
  const { config } = stage;
  const templates = [stage.dataTemplate, stage.apiTemplate, stage.siteTemplate, stage.edgeTemplate].filter(
    (t) => t !== undefined,
  );
  const all = templates.flatMap((t) => Object.values(t.toJSON().Resources as Record<string, Resource>));

  it('every log group keeps the stage’s retention, and is kept with the stack in prod', () => {
    const logGroups = all.filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(logGroups.length).toBeGreaterThan(areas.length);
    for (const group of logGroups) {
      expect(group.Properties.RetentionInDays).toBe(config.logRetentionDays);
      expect(group.DeletionPolicy).toBe(stageName === 'prod' ? 'Retain' : 'Delete');
    }
  });

  it(`every table ${stageName === 'prod' ? 'is' : 'is not'} deletion-protected and retained`, () => {
    const tables = all.filter((r) => r.Type === 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(tableKeys.length);
    for (const table of tables) {
      expect(table.Properties.DeletionProtectionEnabled).toBe(stageName === 'prod');
      expect(table.DeletionPolicy).toBe(stageName === 'prod' ? 'Retain' : 'Delete');
    }
  });
});

describe.each(['dev', 'prod', DOMAIN_STAGE])('least privilege (%s)', (stageName) => {
  const stage = built[stageName];
  const templates = [stage.dataTemplate, stage.apiTemplate, stage.siteTemplate, stage.edgeTemplate].filter(
    (t) => t !== undefined,
  );

  it('no IAM policy of ours allows a wildcard action', () => {
    const statements = templates.flatMap((t) =>
      Object.values(t.findResources('AWS::IAM::Policy')).flatMap(
        (p) =>
          (p.Properties as { PolicyDocument: { Statement: { Action: string | string[] }[] } }).PolicyDocument
            .Statement,
      ),
    );
    expect(statements.length).toBeGreaterThan(10);
    expect(statements.flatMap((s) => actionsOf(s as never)).filter((a) => a.includes('*'))).toEqual([]);
  });

  it('no role of ours carries an AWS managed policy', () => {
    for (const template of templates) {
      for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role'))) {
        // aws-cdk-lib's own providers (dev's bucket auto-delete, cross-region export reader and writer)
        // are CloudFormation-only resources it manages itself.
        if (id.startsWith('Custom')) continue;
        expect([id, (role.Properties as Json).ManagedPolicyArns]).toEqual([id, undefined]);
      }
    }
  });

  it('API throttling is set from the stage config', () => {
    stage.apiTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: {
        ThrottlingRateLimit: stage.config.throttling.rateLimit,
        ThrottlingBurstLimit: stage.config.throttling.burstLimit,
      },
    });
  });
});
