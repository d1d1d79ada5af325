import { requiredEnv } from '../shared/env';
import type { ChatProvider } from './providers/provider';

/**
 * The stage's provider, from the function's environment (see lib/functions.ts). Only the configured
 * provider's module is imported, on first use: a container never loads another provider's SDK, and
 * the chat bundle of a stage that does not use Gemini can leave its SDK out (lib/bundling.ts).
 */
export async function providerFromEnvironment(): Promise<ChatProvider> {
  const provider = requiredEnv('CHAT_PROVIDER');
  switch (provider) {
    case 'local':
      return (await import('./providers/local-advisor')).localAdvisor;
    case 'bedrock':
      return (await import('./providers/bedrock')).bedrockProvider(requiredEnv('CHAT_MODEL_ID'));
    case 'gemini': {
      const { geminiProvider, secretReader } = await import('./providers/gemini');
      return geminiProvider(
        requiredEnv('CHAT_MODEL_ID'),
        secretReader(requiredEnv('GEMINI_SECRET_ID')),
        process.env.GEMINI_BASE_URL,
      );
    }
    default:
      throw new Error(`Unknown CHAT_PROVIDER "${provider}"`);
  }
}
