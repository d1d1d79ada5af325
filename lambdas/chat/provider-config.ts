import { awsClientSettings, type Environment, requiredEnv } from '../shared/env';
import type { ChatProvider } from './providers/provider';

/**
 * The stage's provider, from the function's configuration (see lib/functions.ts). Only the configured
 * provider's module is imported, on first use: a container never loads another provider's SDK, and
 * the chat bundle of a stage that does not use Gemini can leave its SDK out (lib/bundling.ts).
 */
export async function providerFromEnvironment(env: Environment): Promise<ChatProvider> {
  const provider = requiredEnv(env, 'CHAT_PROVIDER');
  switch (provider) {
    case 'local':
      return (await import('./providers/local-advisor')).localAdvisor;
    case 'bedrock': {
      const { bedrockClient, bedrockProvider } = await import('./providers/bedrock');
      return bedrockProvider(
        requiredEnv(env, 'CHAT_MODEL_ID'),
        bedrockClient(awsClientSettings(env, 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME')),
      );
    }
    case 'gemini': {
      const { geminiProvider, secretReader, secretsClient } = await import('./providers/gemini');
      return geminiProvider(
        requiredEnv(env, 'CHAT_MODEL_ID'),
        secretReader(
          requiredEnv(env, 'GEMINI_SECRET_ID'),
          secretsClient(awsClientSettings(env, 'AWS_ENDPOINT_URL_SECRETS_MANAGER')),
        ),
        env.GEMINI_BASE_URL,
      );
    }
    default:
      throw new Error(`Unknown CHAT_PROVIDER "${provider}"`);
  }
}
