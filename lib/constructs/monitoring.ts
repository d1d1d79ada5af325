import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IAlias } from 'aws-cdk-lib/aws-lambda';
import { QueryDefinition, QueryString } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { StageConfig } from '../config';
import {
  AREA_DIMENSION,
  AREA_METRICS,
  BUSINESS_METRICS,
  type BusinessMetric,
  METRICS_NAMESPACE,
  STAGE_DIMENSION,
} from '../../lambdas/contract/metrics';
import { type Area, areas } from '../../lambdas/contract/routes';
import { type TableKey, tableKeys } from '../../lambdas/contract/tables';
import type { AreaFunction } from './area-function';
import type { ClickAggregator } from './click-aggregator';

/** Every alarm's threshold and window, in one place (the README's operator guide explains each). */
export const ALARM_THRESHOLDS = {
  /** Share of API answers that are 5xx, in %, every minute for 5 minutes in a row. */
  api5xxRatePercent: { threshold: 1, periodMinutes: 1, evaluationPeriods: 5 },
  /** API latency p99 in ms, over 5 minutes, three periods in a row. */
  apiLatencyP99Ms: { threshold: 3000, periodMinutes: 5, evaluationPeriods: 3 },
  /** Lambda errors (crashes, timeouts, out of memory) of one function in a minute. */
  functionErrors: { threshold: 1, periodMinutes: 1, evaluationPeriods: 1 },
  /** 5xx answers of one function in a minute (EMF `ServerErrors`). */
  functionServerErrors: { threshold: 3, periodMinutes: 1, evaluationPeriods: 1 },
  /** Throttled invocations of one function in 5 minutes. */
  functionThrottles: { threshold: 1, periodMinutes: 5, evaluationPeriods: 1 },
  /** Throttled reads plus writes of one table in 5 minutes. */
  tableThrottles: { threshold: 10, periodMinutes: 5, evaluationPeriods: 1 },
  /** Click batches that failed every retry (messages in the on-failure queue). */
  clickBatchesFailed: { threshold: 1, periodMinutes: 1, evaluationPeriods: 1 },
  /** Age of the oldest click record not yet aggregated, in ms, for 5 minutes in a row. */
  clickAggregationLagMs: { threshold: 60_000, periodMinutes: 1, evaluationPeriods: 5 },
  /** Failed language-model calls in 5 minutes. */
  chatProviderErrors: { threshold: 3, periodMinutes: 5, evaluationPeriods: 1 },
  /** Chat messages refused because the day's token budget is spent, in 5 minutes. */
  chatBudgetRefusals: { threshold: 1, periodMinutes: 5, evaluationPeriods: 1 },
  /** Chat messages sent to the model in an hour. */
  chatMessagesPerHour: { threshold: 2000, periodMinutes: 60, evaluationPeriods: 1 },
  /** Model tokens used in an hour, as a share (%) of the stage's daily token budget. */
  chatTokensPerHourPercentOfBudget: { threshold: 25, periodMinutes: 60, evaluationPeriods: 1 },
} as const;

export interface MonitoringProps {
  readonly config: StageConfig;
  readonly api: HttpApi;
  readonly functions: Record<Area, AreaFunction>;
  /** The `live` aliases: the per-function error alarms watch what users are served. */
  readonly aliases: Record<Area, IAlias>;
  readonly tables: Record<TableKey, ITable>;
  readonly clickAggregator: ClickAggregator;
}

const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const minutes = (n: number): Duration => Duration.minutes(n);

/**
 * The stage's operations view: one dashboard, the alarms (each to one SNS topic, which mails the
 * stage's alarmEmail), and saved Logs Insights queries over the functions' log groups.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  /** The alarms that roll a function's canary back: its crashes and its 5xx answers. */
  readonly rollbackAlarms: Record<Area, Alarm[]>;
  readonly errorsByRoute: QueryDefinition;
  readonly unhandledErrors: QueryDefinition;
  private readonly config: StageConfig;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { config, api, functions, aliases, tables, clickAggregator } = props;
    this.config = config;
    const stage = config.stageName;

    // Alarm messages hold alarm names and numbers only; in transit they must use TLS (enforceSSL).
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `Cloud Clicker ${stage} alarms`,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.topic.addSubscription(new EmailSubscription(config.alarmEmail));

    // --- API -----------------------------------------------------------------------------------
    const apiRequests = api.metricCount({ period: minutes(1), statistic: Stats.SUM, label: 'requests' });
    const api4xx = api.metricClientError({ period: minutes(1), statistic: Stats.SUM, label: '4xx' });
    const api5xx = api.metricServerError({ period: minutes(1), statistic: Stats.SUM, label: '5xx' });
    // Metric ids must be unique within a graph, so each rate names its own.
    const rate = (errors: IMetric, id: 'errors4xx' | 'errors5xx', label: string) =>
      new MathExpression({
        expression: `IF(requests > 0, 100 * ${id} / requests, 0)`,
        usingMetrics: { [id]: errors, requests: apiRequests },
        period: minutes(1),
        label,
      });
    // Graph lines carry labels; alarm metrics do not (a label turns an alarm into metric math).
    const latency = (p: 'p50' | 'p90' | 'p99', period = minutes(1), label?: string) =>
      api.metricLatency({ statistic: p, period, label });

    const t5xx = ALARM_THRESHOLDS.api5xxRatePercent;
    this.alarm('Api5xxRate', {
      name: 'api-5xx-rate',
      description: `More than ${t5xx.threshold} % of API answers were 5xx, every minute for ${t5xx.evaluationPeriods} minutes.`,
      metric: rate(api5xx, 'errors5xx', '5xx %'),
      ...t5xx,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    const tLatency = ALARM_THRESHOLDS.apiLatencyP99Ms;
    this.alarm('ApiLatencyP99', {
      name: 'api-latency-p99',
      description: `API p99 latency above ${tLatency.threshold} ms for ${tLatency.evaluationPeriods * tLatency.periodMinutes} minutes.`,
      metric: latency('p99', minutes(tLatency.periodMinutes)),
      ...tLatency,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    // --- Functions -----------------------------------------------------------------------------
    this.rollbackAlarms = {} as Record<Area, Alarm[]>;
    for (const area of areas) {
      const alias = aliases[area];
      const tErrors = ALARM_THRESHOLDS.functionErrors;
      const errors = this.alarm(`${pascal(area)}Errors`, {
        name: `${area}-errors`,
        description: `The ${area} function crashed or timed out (Lambda Errors of its live alias).`,
        metric: alias.metricErrors({ period: minutes(tErrors.periodMinutes), statistic: Stats.SUM }),
        ...tErrors,
      });
      const tServer = ALARM_THRESHOLDS.functionServerErrors;
      const serverErrors = this.alarm(`${pascal(area)}ServerErrors`, {
        name: `${area}-5xx`,
        description: `The ${area} function answered ${tServer.threshold} or more 5xx in a minute.`,
        metric: this.serverErrors(area, minutes(tServer.periodMinutes)),
        ...tServer,
      });
      const tThrottles = ALARM_THRESHOLDS.functionThrottles;
      this.alarm(`${pascal(area)}Throttles`, {
        name: `${area}-throttles`,
        description: `Invocations of the ${area} function were throttled (concurrency exhausted).`,
        metric: functions[area].metricThrottles({
          period: minutes(tThrottles.periodMinutes),
          statistic: Stats.SUM,
        }),
        ...tThrottles,
      });
      this.rollbackAlarms[area] = [errors, serverErrors];
    }

    // --- Tables --------------------------------------------------------------------------------
    const tTable = ALARM_THRESHOLDS.tableThrottles;
    const tableThrottles = (key: TableKey, period: Duration) =>
      new MathExpression({
        expression: `reads_${key} + writes_${key}`,
        usingMetrics: {
          [`reads_${key}`]: tables[key].metric('ReadThrottleEvents', { period, statistic: Stats.SUM }),
          [`writes_${key}`]: tables[key].metric('WriteThrottleEvents', { period, statistic: Stats.SUM }),
        },
        period,
        label: key,
      });
    for (const key of tableKeys) {
      this.alarm(`${pascal(key)}TableThrottles`, {
        name: `${key}-table-throttles`,
        description: `Reads or writes of the ${key} table were throttled ${tTable.threshold} or more times in ${tTable.periodMinutes} minutes.`,
        metric: tableThrottles(key, minutes(tTable.periodMinutes)),
        ...tTable,
      });
    }

    // --- Click aggregation -----------------------------------------------------------------------
    const tFailed = ALARM_THRESHOLDS.clickBatchesFailed;
    this.alarm('ClickBatchesFailed', {
      name: 'click-batches-failed',
      description:
        "A batch of the clicks stream failed every retry and went to the on-failure queue: those clicks are in the users' counts but not in the total yet.",
      metric: clickAggregator.failedBatches.metricApproximateNumberOfMessagesVisible({
        period: minutes(tFailed.periodMinutes),
        statistic: Stats.MAXIMUM,
      }),
      ...tFailed,
    });
    const tLag = ALARM_THRESHOLDS.clickAggregationLagMs;
    this.alarm('ClickAggregationLag', {
      name: 'click-aggregation-lag',
      description: `The click total is more than ${tLag.threshold / 1000} s behind the clicks (stream iterator age), for ${tLag.evaluationPeriods} minutes.`,
      metric: clickAggregator.function.metric('IteratorAge', {
        period: minutes(tLag.periodMinutes),
        statistic: Stats.MAXIMUM,
      }),
      ...tLag,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    this.alarm('ClickAggregatorErrors', {
      name: 'click-aggregator-errors',
      description: 'The click aggregator crashed or timed out (Lambda Errors).',
      metric: clickAggregator.function.metricErrors({ period: minutes(1), statistic: Stats.SUM }),
      ...ALARM_THRESHOLDS.functionErrors,
    });

    // --- Chat provider -------------------------------------------------------------------------
    const tChat = ALARM_THRESHOLDS.chatProviderErrors;
    this.alarm('ChatProviderErrors', {
      name: 'chat-provider-errors',
      description: `RangerAI's language model failed or timed out ${tChat.threshold} or more times in ${tChat.periodMinutes} minutes.`,
      metric: this.business('chatProviderErrors', Stats.SUM, minutes(tChat.periodMinutes)),
      ...tChat,
    });
    const tBudget = ALARM_THRESHOLDS.chatBudgetRefusals;
    this.alarm('ChatBudgetSpent', {
      name: 'chat-budget-spent',
      description: `RangerAI's daily token budget (${config.chat.dailyTokenBudget} tokens) is spent: new messages answer 503 until the UTC day ends.`,
      metric: this.business('chatBudgetRefusals', Stats.SUM, minutes(tBudget.periodMinutes)),
      ...tBudget,
    });
    const tVolume = ALARM_THRESHOLDS.chatMessagesPerHour;
    this.alarm('ChatVolume', {
      name: 'chat-volume',
      description: `${tVolume.threshold} or more RangerAI messages went to the model in an hour.`,
      metric: this.business('chatRequests', Stats.SUM, minutes(tVolume.periodMinutes)),
      ...tVolume,
    });
    const tTokens = ALARM_THRESHOLDS.chatTokensPerHourPercentOfBudget;
    const tokensPerHour = Math.ceil((config.chat.dailyTokenBudget * tTokens.threshold) / 100);
    this.alarm('ChatTokenUse', {
      name: 'chat-token-use',
      description: `RangerAI used ${tokensPerHour} or more model tokens in an hour (${tTokens.threshold} % of the daily budget): at that pace the budget is spent within hours.`,
      metric: this.business('chatTokens', Stats.SUM, minutes(tTokens.periodMinutes)),
      ...tTokens,
      threshold: tokensPerHour,
    });

    // --- Dashboard -----------------------------------------------------------------------------
    const perFunction = (metric: (area: Area) => IMetric) => areas.map(metric);
    const graph = (title: string, left: IMetric[], width = 8, unit?: string) =>
      new GraphWidget({
        title,
        left,
        width,
        height: 6,
        ...(unit ? { leftYAxis: { label: unit, showUnits: false } } : {}),
      });
    const one = minutes(1);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `CloudClicker-${stage}`,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Cloud Clicker ${stage}\nAPI, functions, tables and business metrics (namespace \`${METRICS_NAMESPACE}\`). Alarms mail the \`${stage}\` alarm topic; the README's operator guide says what to do about each.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );
    this.dashboard.addWidgets(
      graph('API requests', [apiRequests]),
      graph(
        'API 4xx and 5xx rate (%)',
        [rate(api4xx, 'errors4xx', '4xx %'), rate(api5xx, 'errors5xx', '5xx %')],
        8,
        '%',
      ),
      graph(
        'API latency (ms)',
        [latency('p50', one, 'p50'), latency('p90', one, 'p90'), latency('p99', one, 'p99')],
        8,
        'ms',
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Function invocations',
        perFunction((a) => functions[a].metricInvocations({ period: one, statistic: Stats.SUM, label: a })),
      ),
      graph(
        'Function errors (crashes, timeouts)',
        perFunction((a) => functions[a].metricErrors({ period: one, statistic: Stats.SUM, label: a })),
      ),
      graph(
        'Function 5xx answers',
        perFunction((a) => this.serverErrors(a, one, a)),
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Function throttles',
        perFunction((a) => functions[a].metricThrottles({ period: one, statistic: Stats.SUM, label: a })),
      ),
      graph(
        'Function duration p99 (ms)',
        perFunction((a) => functions[a].metricDuration({ period: one, statistic: 'p99', label: a })),
        8,
        'ms',
      ),
      graph(
        'Function concurrent executions',
        perFunction((a) =>
          functions[a].metric('ConcurrentExecutions', { period: one, statistic: Stats.MAXIMUM, label: a }),
        ),
      ),
    );
    const perTable = (metricName: string) =>
      tableKeys.map((key) =>
        tables[key].metric(metricName, { period: one, statistic: Stats.SUM, label: key }),
      );
    this.dashboard.addWidgets(
      graph('DynamoDB consumed read units', perTable('ConsumedReadCapacityUnits')),
      graph('DynamoDB consumed write units', perTable('ConsumedWriteCapacityUnits')),
      graph(
        'DynamoDB throttled reads + writes',
        tableKeys.map((key) => tableThrottles(key, one)),
      ),
    );
    this.dashboard.addWidgets(
      graph('Clicks per minute', [this.business('clicks', Stats.SUM, one, 'clicks')]),
      graph('Registrations and failed sign-ins', [
        this.business('registrations', Stats.SUM, one, 'registrations'),
        this.business('failedLogins', Stats.SUM, one, 'failed sign-ins'),
      ]),
      graph('Reviews written', [this.business('reviews', Stats.SUM, one, 'reviews')]),
    );
    this.dashboard.addWidgets(
      graph(
        'RangerAI requests and provider errors',
        [
          this.business('chatRequests', Stats.SUM, one, 'requests'),
          this.business('chatProviderErrors', Stats.SUM, one, 'provider errors'),
        ],
        12,
      ),
      graph(
        'RangerAI provider latency (ms)',
        [
          this.business('chatProviderLatency', 'p50', one, 'p50'),
          this.business('chatProviderLatency', 'p99', one, 'p99'),
        ],
        12,
        'ms',
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'RangerAI model tokens and budget refusals',
        [
          this.business('chatTokens', Stats.SUM, one, 'tokens'),
          this.business('chatBudgetRefusals', Stats.SUM, one, 'refused: budget spent'),
        ],
        24,
      ),
    );

    // --- Logs Insights -------------------------------------------------------------------------
    // Every function logs one line per request with its route and status (lambdas/shared/middleware/access-log.ts).
    const logGroups = areas.map((area) => functions[area].logGroup);
    this.errorsByRoute = new QueryDefinition(this, 'ErrorsByRoute', {
      queryDefinitionName: `CloudClicker/${stage}/errors-by-route`,
      queryString: new QueryString({
        fields: ['route', 'status'],
        filterStatements: ['ispresent(route) and status >= 500'],
        statsStatements: ['count(*) as errors by route, status'],
        sort: 'errors desc',
      }),
      logGroups,
    });
    this.unhandledErrors = new QueryDefinition(this, 'UnhandledErrors', {
      queryDefinitionName: `CloudClicker/${stage}/unhandled-errors`,
      queryString: new QueryString({
        fields: ['@timestamp', 'route', 'function_request_id', 'error.name', 'error.message'],
        filterStatements: ["level = 'ERROR'"],
        sort: '@timestamp desc',
        limit: 100,
      }),
      logGroups,
    });
  }

  /** A business metric of lambdas/contract/metrics.ts, dimension `stage`. */
  private business(name: BusinessMetric, statistic: string, period: Duration, label?: string): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: BUSINESS_METRICS[name],
      dimensionsMap: { [STAGE_DIMENSION]: this.config.stageName },
      statistic,
      period,
      label,
    });
  }

  /** 5xx answers of one function (EMF), dimensions `stage` and `area`. */
  private serverErrors(area: Area, period: Duration, label?: string): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: AREA_METRICS.serverErrors,
      dimensionsMap: { [STAGE_DIMENSION]: this.config.stageName, [AREA_DIMENSION]: area },
      statistic: Stats.SUM,
      period,
      label,
    });
  }

  private alarm(
    id: string,
    options: {
      name: string;
      description: string;
      metric: IMetric;
      threshold: number;
      evaluationPeriods: number;
      comparison?: ComparisonOperator;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: `CloudClicker-${this.config.stageName}-${options.name}`,
      alarmDescription: `${options.description} See the operator guide in README.md.`,
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods,
      datapointsToAlarm: options.evaluationPeriods,
      comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No traffic is not a failure.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
