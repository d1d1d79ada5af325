import { CHAT_LIMIT_ENV } from '../contract/chat-limits';
import { dynamo } from '../shared/clients';
import { requiredEnv } from '../shared/env';
import { perConfiguration } from '../shared/per-configuration';
import { chatLimitsFromEnvironment } from './limits';
import { providerFromEnvironment } from './provider-config';
import { QuotaStore } from './quota-store';
import { ChatStore } from './store';

/** What both chat handlers (whole replies and streamed ones) work with, one of each per configuration. */
export const limits = perConfiguration(Object.values(CHAT_LIMIT_ENV), chatLimitsFromEnvironment);
export const chatStore = perConfiguration(
  ['CHAT_TABLE', 'AWS_ENDPOINT_URL_DYNAMODB', ...Object.values(CHAT_LIMIT_ENV)],
  () => new ChatStore(dynamo(), requiredEnv('CHAT_TABLE'), limits()),
);
export const quotaStore = perConfiguration(
  ['CHAT_TABLE', 'AWS_ENDPOINT_URL_DYNAMODB'],
  () => new QuotaStore(dynamo(), requiredEnv('CHAT_TABLE')),
);
export const provider = perConfiguration(
  ['CHAT_PROVIDER', 'CHAT_MODEL_ID', 'GEMINI_SECRET_ID', 'GEMINI_BASE_URL'],
  providerFromEnvironment,
);
/** Set only by tests that want a shorter wait than the invocation allows. */
export const providerTimeoutCapMs = (): number | undefined =>
  process.env.CHAT_PROVIDER_TIMEOUT_MS ? Number(process.env.CHAT_PROVIDER_TIMEOUT_MS) : undefined;
