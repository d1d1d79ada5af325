import type { ChatLimits } from '../contract/chat-limits';
import { ENV, tableEnvName } from '../contract/functions';
import { dynamoClient } from '../shared/clients';
import { requiredEnv } from '../shared/env';
import type { StoreDependencies } from '../shared/http';
import { type BusinessMetrics, businessMetrics } from '../shared/metrics';
import { chatLimitsFromEnvironment } from './limits';
import { providerFromEnvironment } from './provider-config';
import type { ChatProvider } from './providers/provider';
import { QuotaStore } from './quota-store';
import { ChatStore } from './store';

/** What both chat handlers (whole replies and streamed ones) work with, built once per container. */
export interface ChatParts {
  readonly limits: ChatLimits;
  readonly chatStore: ChatStore;
  readonly quotaStore: QuotaStore;
  /** The configured provider, its module imported on first use. */
  readonly provider: () => Promise<ChatProvider>;
  /** Set only by tests that want a shorter wait than the invocation allows. */
  readonly providerTimeoutCapMs: number | undefined;
  readonly metrics: BusinessMetrics;
}

export function chatParts(dependencies: StoreDependencies): ChatParts {
  const { env } = dependencies;
  const db = dependencies.dynamo ?? dynamoClient(env);
  const table = requiredEnv(env, tableEnvName('chat'));
  const limits = chatLimitsFromEnvironment(env);
  let provider: Promise<ChatProvider> | undefined;
  return {
    limits,
    chatStore: new ChatStore(db, table, limits),
    quotaStore: new QuotaStore(db, table),
    provider: () => (provider ??= providerFromEnvironment(env)),
    providerTimeoutCapMs: env[ENV.chatProviderTimeoutMs] ? Number(env[ENV.chatProviderTimeoutMs]) : undefined,
    metrics: businessMetrics(env),
  };
}
