import { Template } from 'aws-cdk-lib/assertions';
import { functionNeeds } from '../../lambdas/contract/functions';
import { BUSINESS_METRICS, METRICS_NAMESPACE } from '../../lambdas/contract/metrics';
import { areas } from '../../lambdas/contract/routes';
import { ALARM_THRESHOLDS } from '../../lib/constructs/monitoring';
import { CHAT_LIMIT_ENV } from '../../lambdas/contract/chat-limits';
import { buildStage, cdkContext, logicalId, statementsOfRole, synthStage } from './fixtures';

const stages = cdkContext.stages as Record<string, Record<string, unknown>>;
/** dev, but with Gemini as RangerAI's provider. */
const geminiContext = {
  stages: { ...stages, gem: { ...stages.dev, chat: { provider: 'gemini', modelId: 'gemini-2.5-flash' } } },
};

const actionsOf = (statement: { Action: string | string[] }): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

describe('chat function with Bedrock (prod)', () => {
  const { api, apiTemplate, config } = synthStage('prod');
  const chatRole = logicalId(api, api.functions.chat.executionRole);

  it('may invoke only the configured model, and no other function may invoke any', () => {
    const invoke = statementsOfRole(apiTemplate, chatRole).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('bedrock:')),
    );
    expect(invoke).toEqual([
      {
        Effect: 'Allow',
        Action: 'bedrock:InvokeModel',
        // The stage names its region, so CDK resolves the partition too.
        Resource: `arn:aws:bedrock:${config.region}::foundation-model/${config.chat.modelId}`,
      },
    ]);
    for (const area of areas.filter((a) => a !== 'chat')) {
      const statements = statementsOfRole(apiTemplate, logicalId(api, api.functions[area].executionRole));
      expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('bedrock:'))).toEqual([]);
    }
  });

  const functionProps = (area: (typeof areas)[number]) =>
    apiTemplate.findResources('AWS::Lambda::Function')[logicalId(api, api.functions[area])].Properties as {
      Timeout: number;
      ReservedConcurrentExecutions?: number;
      Environment: { Variables: Record<string, string> };
    };

  // The provider's deadline is no longer a fixed variable: it is what the invocation has left
  // (lambdas/chat/deadline.ts), so CHAT_PROVIDER_TIMEOUT_MS is not set outside tests.
  it("gets the provider, the model and the stage's chat limits, and no fixed provider timeout", () => {
    const props = functionProps('chat');
    expect(props.Timeout).toBe(functionNeeds.chat.timeoutSeconds);
    expect(props.Environment.Variables).toMatchObject({
      CHAT_PROVIDER: 'bedrock',
      CHAT_MODEL_ID: config.chat.modelId,
      [CHAT_LIMIT_ENV.dailyMessagesPerUser]: String(config.chat.dailyMessagesPerUser),
      [CHAT_LIMIT_ENV.dailyTokenBudget]: String(config.chat.dailyTokenBudget),
      [CHAT_LIMIT_ENV.conversationsPerUser]: String(config.chat.conversationsPerUser),
      [CHAT_LIMIT_ENV.messagesPerConversation]: String(config.chat.messagesPerConversation),
      [CHAT_LIMIT_ENV.historyTurns]: String(config.chat.historyTurns),
    });
    expect(props.Environment.Variables.CHAT_PROVIDER_TIMEOUT_MS).toBeUndefined();
    expect(props.Environment.Variables.GEMINI_SECRET_ID).toBeUndefined();
  });

  it('has reserved concurrency, so chat can never take the concurrency sign-in and clicks need', () => {
    expect(config.chat.reservedConcurrency).toBe(50);
    expect(functionProps('chat').ReservedConcurrentExecutions).toBe(config.chat.reservedConcurrency);
    // The other functions share the rest of the account's pool, chat's ceiling left out of it.
    for (const area of areas.filter((a) => a !== 'chat'))
      expect(functionProps(area).ReservedConcurrentExecutions).toBeUndefined();
  });

  describe('alarms on chat spend', () => {
    const alarms = Object.values(apiTemplate.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties as Record<string, unknown>,
    );
    const alarm = (name: string) => {
      const found = alarms.find((a) => a.AlarmName === `CloudClicker-${config.stageName}-${name}`);
      if (!found) throw new Error(`No alarm ${name}`);
      return found;
    };
    const onMetric = (metric: keyof typeof BUSINESS_METRICS) => ({
      Namespace: METRICS_NAMESPACE,
      MetricName: BUSINESS_METRICS[metric],
      Dimensions: [{ Name: 'stage', Value: config.stageName }],
      Statistic: 'Sum',
    });

    it('fires as soon as a message is refused because the day’s token budget is spent', () => {
      expect(alarm('chat-budget-spent')).toMatchObject({
        ...onMetric('chatBudgetRefusals'),
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    it('watches the hourly chat volume', () => {
      expect(alarm('chat-volume')).toMatchObject({
        ...onMetric('chatRequests'),
        Period: 3600,
        Threshold: ALARM_THRESHOLDS.chatMessagesPerHour.threshold,
      });
    });

    it('watches the model tokens used in an hour against the daily budget', () => {
      expect(alarm('chat-token-use')).toMatchObject({
        ...onMetric('chatTokens'),
        Period: 3600,
        // 25 % of prod's 20,000,000 tokens a day.
        Threshold: 5_000_000,
      });
    });
  });

  it('has no Gemini secret (the origin secret is the only one)', () => {
    expect(Object.keys(apiTemplate.findResources('AWS::SecretsManager::Secret'))).toEqual([
      expect.stringMatching(/^OriginSecret/),
    ]);
  });
});

describe('chat function with Gemini', () => {
  const built = buildStage('gem', geminiContext);
  built.app.synth();
  const template = Template.fromStack(built.api);
  const secretId = logicalId(built.api, built.api.node.findChild('GeminiApiKey') as never);

  it('has a Secrets Manager secret for the key, whose value the operator sets', () => {
    // The other is the origin secret every function checks.
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    const secret = template.findResources('AWS::SecretsManager::Secret')[secretId];
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  it('lets only the chat function read the secret, and passes its ARN, never the key', () => {
    for (const area of areas) {
      const statements = statementsOfRole(
        template,
        logicalId(built.api, built.api.functions[area].executionRole),
      );
      // Every function may read the origin secret; only chat may read the Gemini key.
      const reads = statements
        .filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'))
        .flatMap((s) => (Array.isArray(s.Resource) ? (s.Resource as unknown[]) : [s.Resource]))
        .filter((resource) => !JSON.stringify(resource).includes('OriginSecret'));
      expect(reads).toEqual(area === 'chat' ? [{ Ref: secretId }] : []);
    }
    const fn =
      template.findResources('AWS::Lambda::Function')[logicalId(built.api, built.api.functions.chat)];
    const variables = (fn.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment
      .Variables;
    expect(variables.GEMINI_SECRET_ID).toEqual({ Ref: secretId });
    expect(variables.CHAT_PROVIDER).toBe('gemini');
    expect(
      statementsOfRole(template, logicalId(built.api, built.api.functions.chat.executionRole)).flatMap(
        actionsOf,
      ),
    ).not.toContain('bedrock:InvokeModel');
  });

  it('gets the Gemini SDK as a layer of its own, which no other function has', () => {
    const layers = Object.keys(template.findResources('AWS::Lambda::LayerVersion'));
    expect(layers).toHaveLength(1);
    const functions = template.findResources('AWS::Lambda::Function');
    for (const area of areas) {
      const fn = functions[logicalId(built.api, built.api.functions[area])];
      expect((fn.Properties as { Layers?: unknown }).Layers).toEqual(
        area === 'chat' ? [{ Ref: layers[0] }] : undefined,
      );
    }
  });
});

describe('chat function with Bedrock', () => {
  it('has no layer: the runtime ships the Bedrock SDK', () => {
    const built = buildStage('dev');
    built.app.synth();
    Template.fromStack(built.api).resourceCountIs('AWS::Lambda::LayerVersion', 0);
  });
});
