import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import {
  FALLBACK_NOT_FOUND_HTML,
  MAX_FUNCTION_CODE_BYTES,
  readSiteFiles,
  SiteNotBuiltError,
  siteRouterCode,
} from '../../lib/site-files';
import { API_BEHAVIOURS, API_PATH, type KeyNames } from '../../lib/edge-cache';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy, SITE_HEADERS } from '../../lib/site-headers';
import { COMMON_RULES_COUNTED, EDGE_REGION, WAF_RULES } from '../../lib/stacks/edge-stack';
import { ORIGIN_SECRET_HEADER } from '../../lambdas/shared/origin-guard';
import {
  HASHED_FOLDERS,
  IMMUTABLE_CACHE_CONTROL,
  PAGE_CACHE_CONTROL,
  UNCACHED_ERROR_STATUSES,
} from '../../lib/stacks/site-stack';
import {
  DOMAIN_STAGE,
  DOMAIN_STAGE_SETTINGS,
  domainStageContext,
  importOf,
  logicalId,
  SITE_FIXTURE_DIR,
  statementsOfRole,
  type SynthesizedStage,
  synthStage,
} from './fixtures';

type Json = Record<string, unknown>;
type Resource = { Type: string; Properties: Json; DependsOn?: string[]; DeletionPolicy?: string };

const built = {
  dev: synthStage('dev'),
  prod: synthStage('prod'),
  [DOMAIN_STAGE]: synthStage(DOMAIN_STAGE, domainStageContext),
} as Record<string, SynthesizedStage>;

/** CloudFront's managed policies, by the ids AWS gives them. */
const MANAGED = {
  cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  allViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
};

const resourcesOf = (stage: SynthesizedStage): Record<string, Resource> =>
  stage.siteTemplate.toJSON().Resources as Record<string, Resource>;
const ofType = (stage: SynthesizedStage, type: string): [string, Resource][] =>
  Object.entries(resourcesOf(stage)).filter(([, r]) => r.Type === type);

interface Behaviour extends Json {
  PathPattern?: string;
  TargetOriginId: string;
}
interface DistributionConfig {
  DefaultCacheBehavior: Behaviour;
  CacheBehaviors: Behaviour[];
  Origins: {
    Id: string;
    DomainName: unknown;
    OriginAccessControlId?: unknown;
    CustomOriginConfig?: Json;
    OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
  }[];
  [key: string]: unknown;
}
const distributionOf = (stage: SynthesizedStage): DistributionConfig => {
  const [[, distribution]] = ofType(stage, 'AWS::CloudFront::Distribution');
  return distribution.Properties.DistributionConfig as DistributionConfig;
};

/** The cached API behaviours of lib/edge-cache.ts, as [path pattern, cache]. */
const cachedBehaviours = API_BEHAVIOURS.flatMap(({ pathPattern, cache }) =>
  cache ? [[pathPattern, cache] as const] : [],
);
/** How a cache policy's template spells a query-string or cookie choice of the definition. */
const keyConfig = (names: KeyNames, kind: 'QueryString' | 'Cookie'): Json =>
  typeof names === 'string'
    ? { [`${kind}Behavior`]: names }
    : { [`${kind}Behavior`]: 'whitelist', [`${kind}s`]: names.allowList };

describe.each(['dev', 'prod', DOMAIN_STAGE])('site stack (%s)', (stageName) => {
  const stage = built[stageName];
  const { site, api, config } = stage;
  const resources = resourcesOf(stage);
  const distribution = distributionOf(stage);
  const bucketId = logicalId(site, site.bucket);
  const logsBucketId = logicalId(site, site.logsBucket);
  const distributionId = logicalId(site, site.distribution);
  const originOf = (behaviour: Behaviour) =>
    distribution.Origins.find((o) => o.Id === behaviour.TargetOriginId);

  it('lives in the stage region, after the API whose domain it routes to', () => {
    expect(site.region).toBe(config.region);
    expect(site.stackName).toBe(`CloudClicker-${stageName}-Site`);
    expect(site.dependencies).toContain(api);
  });

  it('site bucket: private, encrypted, TLS only, access-logged to the logs bucket', () => {
    expect(resources[bucketId].Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: logsBucketId }, LogFilePrefix: 'site-bucket/' },
    });
    expect(resources[bucketId].Properties.WebsiteConfiguration).toBeUndefined();
    const policies = ofType(stage, 'AWS::S3::BucketPolicy').map(([, r]) => r.Properties);
    const sitePolicy = policies.find((p) => JSON.stringify(p.Bucket) === JSON.stringify({ Ref: bucketId }));
    const statements = (sitePolicy?.PolicyDocument as { Statement: Json[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    // Only CloudFront, only this distribution, only reading (origin access control).
    const reads = statements.filter((s) => JSON.stringify(s.Principal).includes('cloudfront.amazonaws.com'));
    expect(reads).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
      }),
    ]);
    const sourceArn = JSON.stringify(
      (reads[0].Condition as { StringEquals: Json }).StringEquals['AWS:SourceArn'],
    );
    expect(sourceArn).toContain(':cloudfront::');
    expect(sourceArn).toContain(`":distribution/",{"Ref":"${distributionId}"}`);
  });

  it('logs bucket: private, encrypted, TLS only, ACLs kept for CloudFront, expires with the log retention', () => {
    expect(resources[logsBucketId].Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: config.logRetentionDays, Status: 'Enabled' }] },
    });
    expect(resources[logsBucketId].DeletionPolicy).toBe(
      config.removalPolicy === 'retain' ? 'Retain' : 'Delete',
    );
  });

  it('the default behaviour is the site through origin access control, HTTPS only, with the router', () => {
    const behaviour = distribution.DefaultCacheBehavior;
    expect(behaviour).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      CachePolicyId: MANAGED.cachingOptimized,
      Compress: true,
      ResponseHeadersPolicyId: { Ref: logicalId(site, site.responseHeadersPolicy) },
      FunctionAssociations: [
        {
          EventType: 'viewer-request',
          FunctionARN: { 'Fn::GetAtt': [logicalId(site, site.router), 'FunctionARN'] },
        },
      ],
    });
    const origin = originOf(behaviour);
    expect(origin?.DomainName).toEqual({ 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] });
    expect(origin?.OriginAccessControlId).toBeDefined();
    const [[, oac]] = ofType(stage, 'AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(distribution.DefaultRootObject).toBe('index.html');
  });

  it('never caches a 5xx, and never replaces the API’s JSON answers with a page', () => {
    expect(distribution.CustomErrorResponses).toEqual(
      UNCACHED_ERROR_STATUSES.map((code) => ({ ErrorCode: code, ErrorCachingMinTTL: 0 })),
    );
  });

  it('routes the API behaviours to the HTTP API in the order lib/edge-cache.ts gives, HTTPS only', () => {
    expect(distribution.CacheBehaviors.map((b) => b.PathPattern)).toEqual(
      API_BEHAVIOURS.map((b) => b.pathPattern),
    );
    for (const behaviour of distribution.CacheBehaviors) {
      expect(behaviour).toMatchObject({
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        OriginRequestPolicyId: MANAGED.allViewerExceptHostHeader,
        ResponseHeadersPolicyId: { Ref: logicalId(site, site.responseHeadersPolicy) },
      });
      const origin = originOf(behaviour);
      expect(origin?.CustomOriginConfig).toEqual({
        OriginProtocolPolicy: 'https-only',
        OriginSSLProtocols: ['TLSv1.2'],
      });
      expect(origin?.DomainName).toEqual({
        'Fn::Join': [
          '',
          [
            importOf(stage.apiTemplate, { Ref: logicalId(api, api.api) }),
            `.execute-api.${config.region}.`,
            { Ref: 'AWS::URLSuffix' },
          ],
        ],
      });
    }
  });

  it('sends the API the origin secret as a Secrets Manager reference, never its value', () => {
    const apiOrigins = distribution.Origins.filter((o) => o.CustomOriginConfig !== undefined);
    expect(apiOrigins.length).toBeGreaterThan(0);
    const secretArn = importOf(stage.apiTemplate, { Ref: logicalId(api, api.originSecret) });
    for (const origin of apiOrigins) {
      expect(origin.OriginCustomHeaders).toEqual([
        {
          HeaderName: ORIGIN_SECRET_HEADER,
          HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', secretArn, ':SecretString:::}}']] },
        },
      ]);
    }
  });

  it(`${API_PATH} is never cached`, () => {
    const behaviour = distribution.CacheBehaviors.find((b) => b.PathPattern === API_PATH);
    expect(behaviour?.CachePolicyId).toBe(MANAGED.cachingDisabled);
  });

  it.each(cachedBehaviours)(
    '%s: cached with the TTLs and key lib/edge-cache.ts gives',
    (pathPattern, cache) => {
      const policyId = logicalId(site, site.cachePolicies.get(pathPattern)!);
      const behaviour = distribution.CacheBehaviors.find((b) => b.PathPattern === pathPattern);
      expect(behaviour).toMatchObject({
        CachePolicyId: { Ref: policyId },
        CachedMethods: [...cache.methods],
      });
      const { policy } = cache;
      expect(resources[policyId].Properties.CachePolicyConfig).toMatchObject({
        MinTTL: policy.minTtl,
        DefaultTTL: policy.defaultTtl,
        MaxTTL: policy.maxTtl,
        ParametersInCacheKeyAndForwardedToOrigin: {
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: [...policy.headers] },
          QueryStringsConfig: keyConfig(policy.queryStrings, 'QueryString'),
          CookiesConfig: keyConfig(policy.cookies, 'Cookie'),
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      });
    },
  );

  it('response headers: HSTS 2 years with subdomains and preload, the shared CSP, nosniff, DENY, referrer policy', () => {
    // The shared CSP, plus the live totals' socket on the Events API's real-time domain.
    const realtimeDomain = importOf(stage.apiTemplate, {
      'Fn::GetAtt': [logicalId(api, api.liveEvents.api), 'Dns.Realtime'],
    });
    const [beforeDomain, afterDomain] = contentSecurityPolicy(['wss://DOMAIN']).split('DOMAIN');
    const config = resources[logicalId(site, site.responseHeadersPolicy)].Properties
      .ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Json };
    expect(config.SecurityHeadersConfig).toEqual({
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 63072000,
        IncludeSubdomains: true,
        Preload: true,
        Override: true,
      },
      ContentSecurityPolicy: {
        ContentSecurityPolicy: { 'Fn::Join': ['', [beforeDomain, realtimeDomain, afterDomain]] },
        Override: true,
      },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: SITE_HEADERS['referrer-policy'], Override: true },
    });
    // The very policy local mode sends.
    expect(CONTENT_SECURITY_POLICY).toBe(SITE_HEADERS['content-security-policy']);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('HTTP/2 and HTTP/3, IPv6, standard logs to the logs bucket', () => {
    expect(distribution).toMatchObject({
      HttpVersion: 'http2and3',
      IPV6Enabled: true,
      PriceClass: 'PriceClass_100',
      Logging: { Bucket: { 'Fn::GetAtt': [logsBucketId, 'RegionalDomainName'] }, Prefix: 'cloudfront/' },
    });
  });

  it('uploads hashed files for a year first, then the pages revalidated, with an invalidation', () => {
    const deployments = ofType(stage, 'Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    const idOf = (deployment: (typeof site.deployments)['hashed']): string => {
      const resource = deployment.node.children.find((c) => c.node.id.startsWith('CustomResource-'));
      return logicalId(site, resource as never);
    };
    const hashedId = idOf(site.deployments.hashed);
    const pagesId = idOf(site.deployments.pages);
    const hashedPatterns = HASHED_FOLDERS.map((folder) => `${folder}/*`);
    expect(resources[hashedId].Properties).toMatchObject({
      DestinationBucketName: { Ref: bucketId },
      Include: hashedPatterns,
      Exclude: ['*'],
      Prune: false,
      SystemMetadata: { 'cache-control': IMMUTABLE_CACHE_CONTROL },
    });
    expect(resources[hashedId].Properties.DistributionId).toBeUndefined();
    expect(resources[pagesId].Properties).toMatchObject({
      DestinationBucketName: { Ref: bucketId },
      Exclude: hashedPatterns,
      Prune: true,
      SystemMetadata: { 'cache-control': PAGE_CACHE_CONTROL },
      DistributionId: { Ref: distributionId },
      DistributionPaths: ['/*'],
    });
    expect(resources[pagesId].DependsOn).toContain(hashedId);
  });

  it('the upload role may do exactly the upload: its two assets, the site bucket, this distribution', () => {
    const roleId = logicalId(site, site.node.findChild('DeploymentRole') as never);
    expect(resources[roleId].Properties.ManagedPolicyArns).toBeUndefined();
    const statements = statementsOfRole(stage.siteTemplate, roleId);
    const byActions = Object.fromEntries(
      statements.map((s) => [(Array.isArray(s.Action) ? s.Action : [s.Action]).join(','), s.Resource]),
    );
    expect(Object.keys(byActions).sort()).toEqual(
      [
        'cloudfront:CreateInvalidation,cloudfront:GetInvalidation',
        'logs:CreateLogStream,logs:PutLogEvents',
        's3:AbortMultipartUpload,s3:DeleteObject,s3:PutObject',
        's3:GetBucketTagging,s3:ListBucket',
        's3:GetObject',
      ].sort(),
    );
    expect(byActions['s3:GetBucketTagging,s3:ListBucket']).toEqual({ 'Fn::GetAtt': [bucketId, 'Arn'] });
    expect(byActions['s3:AbortMultipartUpload,s3:DeleteObject,s3:PutObject']).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']],
    });
    // The built site and /config.json, each an asset of its own.
    const assets = byActions['s3:GetObject'] as unknown[];
    expect(assets).toHaveLength(2);
    for (const asset of assets)
      expect(JSON.stringify(asset)).toMatch(/cdk-[a-z0-9]+-assets-.*\/[0-9a-f]{64}\.zip"/);
    expect(JSON.stringify(byActions['cloudfront:CreateInvalidation,cloudfront:GetInvalidation'])).toContain(
      `{"Ref":"${distributionId}"}`,
    );
  });

  it('the router is a JS 2.0 CloudFront Function within the 10 KB limit', () => {
    const [[, fn]] = ofType(stage, 'AWS::CloudFront::Function');
    expect(fn.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    expect(Buffer.byteLength(String(fn.Properties.FunctionCode))).toBeLessThanOrEqual(
      MAX_FUNCTION_CODE_BYTES,
    );
  });
});

describe('stages without a domain (dev, prod)', () => {
  it.each(['dev', 'prod'])('%s: the CloudFront domain and certificate, no alias records', (stageName) => {
    const distribution = distributionOf(built[stageName]);
    expect(distribution.Aliases).toBeUndefined();
    expect(distribution.ViewerCertificate).toBeUndefined();
    expect(ofType(built[stageName], 'AWS::Route53::RecordSet')).toEqual([]);
  });

  it('dev has no web ACL and no us-east-1 stack; prod has both', () => {
    expect(built.dev.edge).toBeUndefined();
    expect(distributionOf(built.dev).WebACLId).toBeUndefined();
    const { edge, edgeTemplate } = built.prod;
    expect(edge?.region).toBe(EDGE_REGION);
    // Same region as the site: a plain export.
    expect(distributionOf(built.prod).WebACLId).toEqual(
      importOf(edgeTemplate!, { 'Fn::GetAtt': [edge!.resolve(edge!.webAcl!.logicalId), 'Arn'] }),
    );
    edgeTemplate!.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });
});

describe('a stage with a domain outside us-east-1', () => {
  const stage = built[DOMAIN_STAGE];
  const { edge, edgeTemplate, site, config } = stage;
  const distribution = distributionOf(stage);

  it('has its certificate in its own us-east-1 stack, validated in the stage’s zone', () => {
    expect(config.region).not.toBe(EDGE_REGION);
    expect(edge?.region).toBe(EDGE_REGION);
    expect(edge?.stackName).toBe(`CloudClicker-${DOMAIN_STAGE}-Edge`);
    edgeTemplate!.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: DOMAIN_STAGE_SETTINGS.domainName,
      ValidationMethod: 'DNS',
      DomainValidationOptions: [
        { DomainName: DOMAIN_STAGE_SETTINGS.domainName, HostedZoneId: DOMAIN_STAGE_SETTINGS.hostedZoneId },
      ],
    });
    expect(site.dependencies).toContain(edge);
  });

  it('serves its domain with that certificate (a cross-region reference) and TLS 1.2_2021 at least', () => {
    expect(distribution.Aliases).toEqual([DOMAIN_STAGE_SETTINGS.domainName]);
    const certificateId = logicalId(edge!, edge!.certificate!);
    expect(distribution.ViewerCertificate).toEqual({
      AcmCertificateArn: {
        'Fn::GetAtt': [
          expect.stringMatching(/^ExportsReader/),
          expect.stringContaining(`Ref${certificateId}`),
        ],
      },
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(distribution.WebACLId).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^ExportsReader/), expect.stringContaining('WebAclArn')],
    });
    // The reader looks the values up in us-east-1's exports for this stack.
    stage.siteTemplate.hasResourceProperties('Custom::CrossRegionExportReader', {
      ReaderProps: Match.objectLike({ region: config.region, prefix: site.stackName }),
    });
    edgeTemplate!.hasResourceProperties('Custom::CrossRegionExportWriter', {
      WriterProps: Match.objectLike({ region: config.region }),
    });
  });

  it.each(['A', 'AAAA'])(
    'has an %s alias record for the domain in the configured zone (no lookup)',
    (type) => {
      stage.siteTemplate.hasResourceProperties('AWS::Route53::RecordSet', {
        Type: type,
        Name: `${DOMAIN_STAGE_SETTINGS.domainName}.`,
        HostedZoneId: DOMAIN_STAGE_SETTINGS.hostedZoneId,
        AliasTarget: {
          DNSName: { 'Fn::GetAtt': [logicalId(site, site.distribution), 'DomainName'] },
          HostedZoneId: Match.anyValue(),
        },
      });
    },
  );
});

describe.each(['prod', DOMAIN_STAGE])('WAF web ACL (%s)', (stageName) => {
  const { edgeTemplate, config } = built[stageName];

  it('is a CloudFront-scope ACL that allows by default and blocks per-IP floods of the API with 429', () => {
    edgeTemplate!.resourceCountIs('AWS::WAFv2::WebACL', 1);
    const [acl] = Object.values(edgeTemplate!.findResources('AWS::WAFv2::WebACL')) as Resource[];
    expect(acl.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const rules = acl.Properties.Rules as Json[];
    expect(rules.map((r) => [r.Name, r.Priority])).toEqual([
      [WAF_RULES.rateLimit, 0],
      [WAF_RULES.signInRateLimit, 1],
      [WAF_RULES.bodySizeLimit, 2],
      [WAF_RULES.ipReputation, 3],
      [WAF_RULES.knownBadInputs, 4],
      [WAF_RULES.commonRuleSet, 5],
    ]);
    const tooManyRequests = {
      Block: {
        CustomResponse: { ResponseCode: 429, ResponseHeaders: [{ Name: 'retry-after', Value: '60' }] },
      },
    };
    expect(rules[0]).toMatchObject({
      Action: tooManyRequests,
      Statement: {
        RateBasedStatement: {
          AggregateKeyType: 'IP',
          Limit: config.waf.ratePer5Minutes,
          EvaluationWindowSec: 300,
          ScopeDownStatement: {
            ByteMatchStatement: {
              FieldToMatch: { UriPath: {} },
              PositionalConstraint: 'STARTS_WITH',
              SearchString: '/api/',
            },
          },
        },
      },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true },
    });
    expect(rules[1]).toMatchObject({
      Action: tooManyRequests,
      Statement: {
        RateBasedStatement: {
          AggregateKeyType: 'IP',
          Limit: config.waf.signInRatePer5Minutes,
          EvaluationWindowSec: 300,
          ScopeDownStatement: {
            OrStatement: {
              Statements: ['/api/login', '/api/register'].map((path) => ({
                ByteMatchStatement: {
                  FieldToMatch: { UriPath: {} },
                  PositionalConstraint: 'EXACTLY',
                  SearchString: path,
                },
              })),
            },
          },
        },
      },
    });
    expect(rules[2]).toMatchObject({
      Action: { Block: { CustomResponse: { ResponseCode: 413 } } },
      Statement: {
        SizeConstraintStatement: {
          FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
          ComparisonOperator: 'GT',
          Size: 64 * 1024,
        },
      },
    });
    for (const [index, name] of [
      [3, 'AWSManagedRulesAmazonIpReputationList'],
      [4, 'AWSManagedRulesKnownBadInputsRuleSet'],
    ] as const) {
      expect(rules[index]).toMatchObject({
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
      });
      expect(
        (rules[index].Statement as { ManagedRuleGroupStatement: Json }).ManagedRuleGroupStatement,
      ).not.toHaveProperty('RuleActionOverrides');
    }
    expect(rules[5]).toMatchObject({
      OverrideAction: { None: {} },
      Statement: {
        ManagedRuleGroupStatement: {
          VendorName: 'AWS',
          Name: 'AWSManagedRulesCommonRuleSet',
          RuleActionOverrides: COMMON_RULES_COUNTED.map((name) => ({
            Name: name,
            ActionToUse: { Count: {} },
          })),
        },
      },
    });
  });

  it('inspects bodies up to 64 KiB, so the size rule sees every body up to its limit and blocks the rest', () => {
    const [acl] = Object.values(edgeTemplate!.findResources('AWS::WAFv2::WebACL')) as Resource[];
    expect(acl.Properties.AssociationConfig).toEqual({
      RequestBody: { CLOUDFRONT: { DefaultSizeInspectionLimit: 'KB_64' } },
    });
  });
});

describe('site router (the viewer-request function, run from the synthesized template)', () => {
  const [[, fn]] = ofType(built.dev, 'AWS::CloudFront::Function');
  type RouterResult = {
    uri?: string;
    statusCode?: number;
    headers?: Json;
    body?: { encoding: string; data: string };
  };
  const handler = new Function(`${String(fn.Properties.FunctionCode)}\nreturn handler;`)() as (event: {
    request: { uri: string };
  }) => RouterResult;
  const route = (uri: string): RouterResult => handler({ request: { uri } });
  const notFoundPage = fs.readFileSync(path.join(SITE_FIXTURE_DIR, '404.html'), 'utf8');

  it.each([
    ['/', '/index.html'],
    ['/index.html', '/index.html'],
    ['/index', '/index.html'],
    ['/clicks', '/clicks.html'],
    ['/clicks/', '/clicks.html'],
    ['/clicks.html', '/clicks.html'],
    ['/js/home-FIXTURE1.js', '/js/home-FIXTURE1.js'],
    ['/css/main-FIXTURE1.css', '/css/main-FIXTURE1.css'],
    ['/robots.txt', '/robots.txt'],
  ])('passes %s on to S3 as %s', (uri, expected) => {
    expect(route(uri).uri).toBe(expected);
  });

  it.each(['/nope', '/nope.html', '/parks/', '/api-docs', '/a/b/c'])(
    'answers %s with the site’s 404 page and a 404 status',
    (uri) => {
      const result = route(uri);
      expect(result.statusCode).toBe(404);
      expect(result.body).toEqual({ encoding: 'text', data: notFoundPage });
      expect(result.headers).toMatchObject({
        'content-type': { value: 'text/html; charset=utf-8' },
        'content-security-policy': { value: CONTENT_SECURITY_POLICY },
        'x-frame-options': { value: 'DENY' },
      });
    },
  );

  it('falls back to a small built-in page when the site’s 404 page would not fit into a function', () => {
    const code = siteRouterCode({
      pages: ['/index.html'],
      notFoundHtml: 'x'.repeat(MAX_FUNCTION_CODE_BYTES),
    });
    expect(code).toContain(JSON.stringify(FALLBACK_NOT_FOUND_HTML));
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(MAX_FUNCTION_CODE_BYTES);
  });

  it('lists the built pages, not the 404 page', () => {
    expect(readSiteFiles(SITE_FIXTURE_DIR).pages).toEqual(['/clicks.html', '/index.html']);
  });

  it('says how to build the site when it is missing', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-site-'));
    expect(() => readSiteFiles(empty)).toThrow(SiteNotBuiltError);
    expect(() => readSiteFiles(empty)).toThrow(/npm run build:web/);
  });
});
