import { bedrockProvider } from './providers/bedrock';
import { geminiProvider, secretReader } from './providers/gemini';
import { localAdvisor } from './providers/local-advisor';
import type { ChatProvider } from './providers/provider';
import { requiredEnv } from '../shared/env';

/** The stage's provider, from the function's environment (see lib/functions.ts). */
export function providerFromEnvironment(): ChatProvider {
  const provider = requiredEnv('CHAT_PROVIDER');
  switch (provider) {
    case 'local':
      return localAdvisor;
    case 'bedrock':
      return bedrockProvider(requiredEnv('CHAT_MODEL_ID'));
    case 'gemini':
      return geminiProvider(
        requiredEnv('CHAT_MODEL_ID'),
        secretReader(requiredEnv('GEMINI_SECRET_ID')),
        process.env.GEMINI_BASE_URL,
      );
    default:
      throw new Error(`Unknown CHAT_PROVIDER "${provider}"`);
  }
}
