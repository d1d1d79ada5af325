import { Template } from 'aws-cdk-lib/assertions';
import { functionNeeds } from '../../lambdas/contract/functions';
import { CHAT_PROVIDER_MARGIN_SECONDS } from '../../lib/functions';
import { areas } from '../../lambdas/contract/routes';
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

  it('gets the provider, the model and a provider timeout below its own timeout', () => {
    const fn = apiTemplate.findResources('AWS::Lambda::Function')[logicalId(api, api.functions.chat)];
    const props = fn.Properties as { Timeout: number; Environment: { Variables: Record<string, string> } };
    expect(props.Timeout).toBe(functionNeeds.chat.timeoutSeconds);
    expect(props.Environment.Variables).toMatchObject({
      CHAT_PROVIDER: 'bedrock',
      CHAT_MODEL_ID: config.chat.modelId,
      CHAT_PROVIDER_TIMEOUT_MS: String(
        (functionNeeds.chat.timeoutSeconds - CHAT_PROVIDER_MARGIN_SECONDS) * 1000,
      ),
    });
    expect(Number(props.Environment.Variables.CHAT_PROVIDER_TIMEOUT_MS)).toBeLessThan(props.Timeout * 1000);
    expect(props.Environment.Variables.GEMINI_SECRET_ID).toBeUndefined();
  });

  it('has no Gemini secret', () => {
    apiTemplate.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });
});

describe('chat function with Gemini', () => {
  const built = buildStage('gem', geminiContext);
  built.app.synth();
  const template = Template.fromStack(built.api);
  const secretId = logicalId(built.api, built.api.node.findChild('GeminiApiKey') as never);

  it('has a Secrets Manager secret for the key, whose value the operator sets', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const secret = template.findResources('AWS::SecretsManager::Secret')[secretId];
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  it('lets only the chat function read the secret, and passes its ARN, never the key', () => {
    for (const area of areas) {
      const statements = statementsOfRole(
        template,
        logicalId(built.api, built.api.functions[area].executionRole),
      );
      const reads = statements.filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
      if (area === 'chat') {
        expect(reads).toHaveLength(1);
        expect(reads[0].Resource).toEqual({ Ref: secretId });
      } else {
        expect(reads).toEqual([]);
      }
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
});
