import { z } from 'zod';
import { DEFAULT_CHAT_LIMITS } from '../lambdas/contract/chat-limits';

/**
 * Per-stage configuration, kept in cdk.json under context `stages` so that one file describes every
 * deployment and `-c stage=<name>` picks one. It is validated here, before any construct exists, so a
 * typo fails the synth with the stage and field named instead of deploying something half-configured.
 */

/** The only values CloudWatch Logs accepts for a retention period (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

export const CHAT_PROVIDERS = ['bedrock', 'gemini', 'local'] as const;

/** Stage names become part of stack names and tags, so keep them short and DNS-like. */
const STAGE_NAME = /^[a-z][a-z0-9-]{0,15}$/;

const domainLabelPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const domainName = z
  .string()
  .regex(domainLabelPattern, { error: 'must be a lower-case DNS name such as example.com' });

/** About 10 API requests a second from one address, sustained over five minutes. */
export const DEFAULT_WAF_RATE_PER_5_MINUTES = 3000;

/** Sign-in and sign-up requests one address may send in any 5 minutes (WAF), on top of the API's own throttle. */
export const DEFAULT_WAF_SIGN_IN_RATE_PER_5_MINUTES = 100;

/**
 * API Gateway throttles of the routes that cost the most per request or invite abuse, for the whole
 * stage (not per client): guessing passwords, creating accounts, asking the language model.
 */
export const DEFAULT_ROUTE_THROTTLING = {
  login: { rateLimit: 20, burstLimit: 40 },
  register: { rateLimit: 5, burstLimit: 10 },
  chat: { rateLimit: 10, burstLimit: 20 },
} as const;

export const DEFAULT_CLICK_RATE_PER_SECOND = 20;
export const DEFAULT_CHAT_RESERVED_CONCURRENCY = 10;
export const DEFAULT_CLICK_BURST = 40;

const wholeNumber = (min: number, max: number) =>
  z
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const requestsPerSecond = z
  .number({ error: 'must be a number (requests per second)' })
  .positive({ error: 'must be greater than 0' })
  .max(10000, { error: 'must be at most 10000' });

const routeThrottle = (defaults: { rateLimit: number; burstLimit: number }) =>
  z.strictObject({ rateLimit: requestsPerSecond, burstLimit: wholeNumber(1, 5000) }).default(defaults);

const stageSchema = z
  .strictObject({
    account: z
      .string()
      .regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id (as a string)' })
      .optional(),
    region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, {
      error: 'must be an AWS region code such as us-east-1',
    }),
    domainName: domainName.optional(),
    hostedZoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{1,31}$/, { error: 'must be a Route 53 hosted zone id such as Z0123456789ABC' })
      .optional(),
    hostedZoneName: domainName.optional(),
    // The per-user click rate limit, and how long the stream aggregator may wait to fill a batch
    // (each stream shard writes the total at most once per window: see README, "Clicks at scale").
    clicks: z
      .strictObject({
        ratePerSecond: wholeNumber(1, 1000).default(DEFAULT_CLICK_RATE_PER_SECOND),
        burst: wholeNumber(1, 10_000).default(DEFAULT_CLICK_BURST),
        aggregationWindowSeconds: wholeNumber(0, 300).default(0),
      })
      .refine((clicks) => clicks.burst >= clicks.ratePerSecond, {
        path: ['burst'],
        error: 'must be at least ratePerSecond',
        // Only once each number is valid on its own, so a bad burst is reported once.
        when: (payload) => payload.issues.length === 0,
      })
      .default({
        ratePerSecond: DEFAULT_CLICK_RATE_PER_SECOND,
        burst: DEFAULT_CLICK_BURST,
        aggregationWindowSeconds: 0,
      }),
    chat: z.strictObject({
      provider: z.enum(CHAT_PROVIDERS, { error: `must be one of ${CHAT_PROVIDERS.join(', ')}` }),
      modelId: z.string().min(1, { error: 'must name a model' }),
      // The ceiling on chat spend (README, "Stage settings"); each has a default.
      dailyMessagesPerUser: wholeNumber(1, 100_000).default(DEFAULT_CHAT_LIMITS.dailyMessagesPerUser),
      dailyTokenBudget: wholeNumber(1000, 1_000_000_000_000).default(DEFAULT_CHAT_LIMITS.dailyTokenBudget),
      conversationsPerUser: wholeNumber(1, 10_000).default(DEFAULT_CHAT_LIMITS.conversationsPerUser),
      messagesPerConversation: wholeNumber(1, 1000).default(DEFAULT_CHAT_LIMITS.messagesPerConversation),
      historyTurns: wholeNumber(2, 100).default(DEFAULT_CHAT_LIMITS.historyTurns),
      // Concurrent chat invocations at most, kept apart from the account's pool, so a flood of slow
      // model calls can never take the concurrency sign-in and clicks need.
      reservedConcurrency: wholeNumber(1, 1000).default(DEFAULT_CHAT_RESERVED_CONCURRENCY),
    }),
    alarmEmail: z.email({ error: 'must be an e-mail address' }).optional(),
    logRetentionDays: z.literal(LOG_RETENTION_DAYS, {
      error: `must be one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
    }),
    // API Gateway's own account-level defaults are 10,000 requests/s and a burst of 5,000.
    throttling: z.strictObject({
      rateLimit: requestsPerSecond,
      burstLimit: wholeNumber(1, 5000),
      routes: z
        .strictObject({
          login: routeThrottle(DEFAULT_ROUTE_THROTTLING.login),
          register: routeThrottle(DEFAULT_ROUTE_THROTTLING.register),
          chat: routeThrottle(DEFAULT_ROUTE_THROTTLING.chat),
        })
        .default(DEFAULT_ROUTE_THROTTLING),
    }),
    removalPolicy: z.enum(['destroy', 'retain'], { error: 'must be "destroy" or "retain"' }),
    // Publish every function change through CodeDeploy: 10 % of traffic for 5 minutes, rolled back by
    // itself when that function's alarms fire. Off: the `live` alias moves at once (dev).
    canary: z.boolean({ error: 'must be true or false' }).default(false),
    // An AWS WAF web ACL on CloudFront: per-IP rate limits on /api/* and on sign-in and sign-up, a
    // body size limit, and AWS's IP reputation, known bad inputs and common rule sets.
    waf: z
      .strictObject({
        enabled: z.boolean({ error: 'must be true or false' }),
        // Requests to /api/* one client IP may send in any 5 minutes; WAF's own minimum is 10.
        ratePer5Minutes: wholeNumber(10, 2_000_000_000).default(DEFAULT_WAF_RATE_PER_5_MINUTES),
        // POST /api/login and /api/register one client IP may send in any 5 minutes.
        signInRatePer5Minutes: wholeNumber(10, 2_000_000_000).default(DEFAULT_WAF_SIGN_IN_RATE_PER_5_MINUTES),
      })
      .default({
        enabled: false,
        ratePer5Minutes: DEFAULT_WAF_RATE_PER_5_MINUTES,
        signInRatePer5Minutes: DEFAULT_WAF_SIGN_IN_RATE_PER_5_MINUTES,
      }),
  })
  .superRefine((stage, ctx) => {
    const dns = [stage.domainName, stage.hostedZoneId, stage.hostedZoneName];
    const given = dns.filter((v) => v !== undefined).length;
    if (given !== 0 && given !== dns.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['domainName'],
        message: 'domainName, hostedZoneId and hostedZoneName must be given together or not at all',
      });
    } else if (
      stage.domainName !== undefined &&
      stage.hostedZoneName !== undefined &&
      stage.domainName !== stage.hostedZoneName &&
      !stage.domainName.endsWith(`.${stage.hostedZoneName}`)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['domainName'],
        message: `must be ${stage.hostedZoneName} or a subdomain of it (the hosted zone)`,
      });
    }
  });

/** A stage as written in cdk.json (fields with defaults may be left out). */
export type StageInput = z.input<typeof stageSchema>;
/** A stage after validation, with every default filled in. */
export type StageSettings = z.infer<typeof stageSchema>;
export interface StageConfig extends StageSettings {
  /** The key under `stages`, e.g. `dev`. */
  readonly stageName: string;
}

interface ContextNode {
  readonly node: { tryGetContext(key: string): unknown };
}
/** Anything that can answer context lookups: a CDK App/construct or a plain context object. */
export type ContextSource = ContextNode | Readonly<Record<string, unknown>>;

const isContextNode = (source: ContextSource): source is ContextNode =>
  typeof (source as Partial<ContextNode>).node?.tryGetContext === 'function';

const readContext = (source: ContextSource, key: string): unknown =>
  isContextNode(source) ? source.node.tryGetContext(key) : source[key];

export class StageConfigError extends Error {
  override readonly name = 'StageConfigError';
}

function formatIssues(stageName: string, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(stage object)';
    return `  - stages.${stageName}.${field}: ${issue.message}`;
  });
  return `Invalid configuration for stage "${stageName}" in cdk.json context:\n${lines.join('\n')}`;
}

/** The stage names defined in context, for error messages and for tests that synth every stage. */
export function knownStages(source: ContextSource): string[] {
  const stages = readContext(source, 'stages');
  return typeof stages === 'object' && stages !== null ? Object.keys(stages) : [];
}

/**
 * Loads and validates one stage. `stageName` defaults to the `stage` context value (`-c stage=dev`).
 * Throws a StageConfigError naming the stage and each bad field, or listing the known stages.
 */
export function loadStageConfig(source: ContextSource, stageName?: string): StageConfig {
  const stages = readContext(source, 'stages');
  if (typeof stages !== 'object' || stages === null || Array.isArray(stages)) {
    throw new StageConfigError(
      'cdk.json context has no "stages" object; it must map stage names to their settings',
    );
  }
  const known = Object.keys(stages);
  const requested = stageName ?? readContext(source, 'stage');
  const usage = `Known stages: ${known.join(', ') || '(none)'}.`;
  if (requested === undefined || requested === '') {
    throw new StageConfigError(`No stage given: pass -c stage=<name>. ${usage}`);
  }
  if (typeof requested !== 'string' || !Object.prototype.hasOwnProperty.call(stages, requested)) {
    throw new StageConfigError(`Unknown stage "${String(requested)}". ${usage}`);
  }
  if (!STAGE_NAME.test(requested)) {
    throw new StageConfigError(
      `Invalid stage name "${requested}": use 1-16 lower-case letters, digits or hyphens, starting with a letter.`,
    );
  }
  const parsed = stageSchema.safeParse((stages as Record<string, unknown>)[requested]);
  if (!parsed.success) throw new StageConfigError(formatIssues(requested, parsed.error.issues));
  return { ...parsed.data, stageName: requested };
}
