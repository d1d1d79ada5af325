import { App } from 'aws-cdk-lib';
import {
  DEFAULT_ROUTE_THROTTLING,
  DEFAULT_WAF_RATE_PER_5_MINUTES,
  DEFAULT_WAF_SIGN_IN_RATE_PER_5_MINUTES,
  knownStages,
  loadStageConfig,
  StageConfigError,
  type StageInput,
} from '../../lib/config';
import { cdkContext } from './fixtures';

const valid: StageInput = {
  region: 'eu-west-1',
  chat: { provider: 'local', modelId: 'offline' },
  logRetentionDays: 30,
  throttling: { rateLimit: 10, burstLimit: 20 },
  removalPolicy: 'destroy',
};

/** Loads stage `test` with `valid` plus overrides; returns the error message or '' if it loaded. */
function errorFor(overrides: Record<string, unknown>): string {
  try {
    loadStageConfig({ stages: { test: { ...valid, ...overrides } } }, 'test');
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(StageConfigError);
    return (error as Error).message;
  }
}

describe('stage config in cdk.json', () => {
  it('defines dev and prod, both valid', () => {
    expect(knownStages(cdkContext)).toEqual(expect.arrayContaining(['dev', 'prod']));
    for (const stage of knownStages(cdkContext))
      expect(() => loadStageConfig(cdkContext, stage)).not.toThrow();
  });

  it('limits clicks to 20/s with a burst of 40 in both, batches the aggregation by 1 s in prod, and keeps prod data', () => {
    const dev = loadStageConfig(cdkContext, 'dev');
    const prod = loadStageConfig(cdkContext, 'prod');
    expect(dev).toMatchObject({
      stageName: 'dev',
      clicks: { ratePerSecond: 20, burst: 40, aggregationWindowSeconds: 0 },
      removalPolicy: 'destroy',
    });
    expect(prod).toMatchObject({
      stageName: 'prod',
      clicks: { ratePerSecond: 20, burst: 40, aggregationWindowSeconds: 1 },
      removalPolicy: 'retain',
    });
  });

  it('defaults the click limits to 20/s with a burst of 40 and no batching window', () => {
    expect(loadStageConfig({ stages: { test: valid } }, 'test').clicks).toEqual({
      ratePerSecond: 20,
      burst: 40,
      aggregationWindowSeconds: 0,
    });
  });

  it('deploys prod through canaries behind a WAF, and dev directly without one', () => {
    expect(loadStageConfig(cdkContext, 'prod')).toMatchObject({ canary: true, waf: { enabled: true } });
    expect(loadStageConfig(cdkContext, 'dev')).toMatchObject({ canary: false, waf: { enabled: false } });
  });

  it('reads the stage from the app context (-c stage=...)', () => {
    const app = new App({ context: { ...cdkContext, stage: 'prod' } });
    expect(loadStageConfig(app).stageName).toBe('prod');
  });
});

describe('choosing a stage', () => {
  const stages = { stages: { dev: valid, prod: valid } };

  it('without -c stage, says how to pass one and lists the known stages', () => {
    expect(() => loadStageConfig(stages)).toThrow(
      'No stage given: pass -c stage=<name>. Known stages: dev, prod.',
    );
    expect(() => loadStageConfig(new App({ context: stages }))).toThrow(StageConfigError);
  });

  it('with an unknown stage, names it and lists the known stages', () => {
    expect(() => loadStageConfig(stages, 'qa')).toThrow('Unknown stage "qa". Known stages: dev, prod.');
  });

  it('rejects a context without a stages object', () => {
    expect(() => loadStageConfig({}, 'dev')).toThrow(/no "stages" object/);
    expect(() => loadStageConfig({ stages: ['dev'] }, 'dev')).toThrow(/no "stages" object/);
  });

  it('rejects stage names that cannot be part of a stack name', () => {
    expect(() => loadStageConfig({ stages: { Dev_1: valid } }, 'Dev_1')).toThrow(
      /Invalid stage name "Dev_1"/,
    );
  });

  it('does not treat inherited object keys as stages', () => {
    expect(() => loadStageConfig(stages, 'toString')).toThrow('Unknown stage "toString"');
  });
});

describe('field validation names the stage and the field', () => {
  it('accepts a minimal valid stage and optional fields', () => {
    expect(errorFor({})).toBe('');
    expect(
      errorFor({
        account: '123456789012',
        alarmEmail: 'ops@example.com',
        domainName: 'clicker.example.com',
        hostedZoneId: 'Z0123456789ABCDEFGHIJ',
        hostedZoneName: 'example.com',
      }),
    ).toBe('');
  });

  it.each([
    [
      'clicks.ratePerSecond',
      { clicks: { ratePerSecond: 0 } },
      /stages\.test\.clicks\.ratePerSecond: must be at least 1/,
    ],
    [
      'clicks.ratePerSecond',
      { clicks: { ratePerSecond: 2.5 } },
      /stages\.test\.clicks\.ratePerSecond: must be a whole number/,
    ],
    [
      'clicks.burst',
      { clicks: { ratePerSecond: 20, burst: 10 } },
      /stages\.test\.clicks\.burst: must be at least ratePerSecond/,
    ],
    ['clicks.burst', { clicks: { burst: '40' } }, /stages\.test\.clicks\.burst: must be a whole number/],
    [
      'clicks.aggregationWindowSeconds',
      { clicks: { aggregationWindowSeconds: 301 } },
      /stages\.test\.clicks\.aggregationWindowSeconds: must be at most 300/,
    ],
    ['clicks', { clicks: { shards: 4 } }, /stages\.test\.clicks:/],
    ['account', { account: '1234' }, /stages\.test\.account: must be a 12-digit AWS account id/],
    ['account', { account: 123456789012 }, /stages\.test\.account:/],
    ['region', { region: 'mars-north' }, /stages\.test\.region: must be an AWS region code/],
    ['region', { region: undefined }, /stages\.test\.region:/],
    [
      'chat.provider',
      { chat: { provider: 'openai', modelId: 'x' } },
      /stages\.test\.chat\.provider: must be one of bedrock, gemini, local/,
    ],
    [
      'chat.modelId',
      { chat: { provider: 'bedrock', modelId: '' } },
      /stages\.test\.chat\.modelId: must name a model/,
    ],
    ['alarmEmail', { alarmEmail: 'not-an-email' }, /stages\.test\.alarmEmail: must be an e-mail address/],
    [
      'logRetentionDays',
      { logRetentionDays: 10 },
      /stages\.test\.logRetentionDays: must be one of CloudWatch's retention periods: 1, 3, 5, 7, 14/,
    ],
    [
      'throttling.rateLimit',
      { throttling: { rateLimit: -1, burstLimit: 10 } },
      /stages\.test\.throttling\.rateLimit: must be greater than 0/,
    ],
    [
      'throttling.burstLimit',
      { throttling: { rateLimit: 1, burstLimit: 0.5 } },
      /stages\.test\.throttling\.burstLimit: must be a whole number/,
    ],
    [
      'removalPolicy',
      { removalPolicy: 'snapshot' },
      /stages\.test\.removalPolicy: must be "destroy" or "retain"/,
    ],
    ['canary', { canary: 'yes' }, /stages\.test\.canary: must be true or false/],
    ['waf.enabled', { waf: { ratePer5Minutes: 100 } }, /stages\.test\.waf\.enabled: must be true or false/],
    [
      'waf.ratePer5Minutes',
      { waf: { enabled: true, ratePer5Minutes: 5 } },
      /stages\.test\.waf\.ratePer5Minutes: must be at least 10/,
    ],
    [
      'a misspelt waf key',
      { waf: { enabled: true, rate: 100 } },
      /stages\.test\.waf: Unrecognized key: "rate"/,
    ],
    ['a misspelt key', { clickShard: 4 }, /stages\.test\.\(stage object\): Unrecognized key: "clickShard"/],
    [
      'a misspelt nested key',
      { chat: { provider: 'local', modelId: 'x', model: 'y' } },
      /stages\.test\.chat: Unrecognized key: "model"/,
    ],
  ])('rejects a bad %s', (_field, overrides, expected) => {
    const message = errorFor(overrides);
    expect(message).toMatch(/^Invalid configuration for stage "test" in cdk.json context:/);
    expect(message).toMatch(expected);
  });

  it('defaults canary deploys and the WAF to off, with the default WAF rate', () => {
    const loaded = loadStageConfig({ stages: { test: valid } }, 'test');
    expect(loaded.canary).toBe(false);
    const wafDefaults = {
      ratePer5Minutes: DEFAULT_WAF_RATE_PER_5_MINUTES,
      signInRatePer5Minutes: DEFAULT_WAF_SIGN_IN_RATE_PER_5_MINUTES,
    };
    expect(loaded.waf).toEqual({ enabled: false, ...wafDefaults });
    const wafOn = loadStageConfig({ stages: { test: { ...valid, waf: { enabled: true } } } }, 'test');
    expect(wafOn.waf).toEqual({ enabled: true, ...wafDefaults });
  });

  it('defaults the sign-in, sign-up and chat route throttles, and takes each from the stage', () => {
    expect(loadStageConfig({ stages: { test: valid } }, 'test').throttling.routes).toEqual(
      DEFAULT_ROUTE_THROTTLING,
    );
    const login = { rateLimit: 3, burstLimit: 6 };
    const custom = loadStageConfig(
      { stages: { test: { ...valid, throttling: { ...valid.throttling, routes: { login } } } } },
      'test',
    );
    expect(custom.throttling.routes).toEqual({ ...DEFAULT_ROUTE_THROTTLING, login });
    expect(
      errorFor({ throttling: { ...valid.throttling, routes: { chat: { rateLimit: 0, burstLimit: 1 } } } }),
    ).toMatch(/stages\.test\.throttling\.routes\.chat\.rateLimit: must be greater than 0/);
    expect(errorFor({ waf: { enabled: true, signInRatePer5Minutes: 5 } })).toMatch(
      /stages\.test\.waf\.signInRatePer5Minutes: must be at least 10/,
    );
  });

  it('requires domainName, hostedZoneId and hostedZoneName together', () => {
    expect(errorFor({ domainName: 'clicker.example.com' })).toMatch(
      /stages\.test\.domainName: domainName, hostedZoneId and hostedZoneName must be given together or not at all/,
    );
    expect(errorFor({ hostedZoneId: 'Z123', hostedZoneName: 'example.com' })).toMatch(
      /must be given together/,
    );
  });

  it('requires the domain to be inside its hosted zone', () => {
    expect(
      errorFor({ domainName: 'clicker.example.org', hostedZoneId: 'Z123', hostedZoneName: 'example.com' }),
    ).toMatch(/stages\.test\.domainName: must be example\.com or a subdomain of it/);
    expect(errorFor({ domainName: 'example.com', hostedZoneId: 'Z123', hostedZoneName: 'example.com' })).toBe(
      '',
    );
  });

  it('reports every problem at once, one line each', () => {
    const message = errorFor({ clicks: { burst: 0 }, logRetentionDays: 2, removalPolicy: 'keep' });
    expect(message.split('\n').filter((line) => line.startsWith('  - stages.test.'))).toHaveLength(3);
  });
});
