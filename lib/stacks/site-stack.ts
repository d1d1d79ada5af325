import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachedMethods,
  CachePolicy,
  CacheHeaderBehavior,
  CacheQueryStringBehavior,
  CacheCookieBehavior,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { AaaaRecord, ARecord, HostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { CloudFrontTarget } from 'aws-cdk-lib/aws-route53-targets';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ORIGIN_SECRET_HEADER } from '../../lambdas/shared/origin-guard';
import type { StageConfig } from '../config';
import { logRetentionOf, removalPolicyOf } from '../constructs/stage-defaults';
import { API_BEHAVIOURS, type EdgeCachePolicy, type KeyNames } from '../edge-cache';
import { type SiteFiles, siteRouterCode } from '../site-files';
import { REALTIME_PATH, SITE_CONFIG_PATH, type SiteConfig } from '../../lambdas/contract/live-events';
import { contentSecurityPolicy, HSTS_MAX_AGE_SECONDS, REFERRER_POLICY } from '../site-headers';

export interface SiteStackProps extends StackProps {
  readonly config: StageConfig;
  /** The built site (web/dist; the tests use a small fixture), see readSiteFiles. */
  readonly site: SiteFiles;
  /** `<api-id>.execute-api.<region>.amazonaws.com`: where CloudFront sends `/api/*`. */
  readonly apiDomainName: string;
  /** The secret CloudFront sends the API as `x-origin-verify`, so the API can refuse everyone else. */
  readonly originSecret: ISecret;
  /** The stage domain's certificate (us-east-1), when the stage has a domain. */
  readonly certificate?: ICertificate;
  /** The WAF web ACL (us-east-1), when the stage turns it on. */
  readonly webAclArn?: string;
  /** The live totals' Events API, which the pages learn from /config.json. */
  readonly live: {
    /** The Events API's real-time (WebSocket) and HTTP domains. */
    readonly realtimeDomain: string;
    readonly httpDomain: string;
    /** Lets anyone subscribe, never publish: it is public by design, like the site itself. */
    readonly apiKey: string;
  };
}

/** Hashed file names (`/js/page-3FQ2.js`) never change content: browsers may keep them for a year. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Pages keep their names across releases, so browsers must revalidate them. */
export const PAGE_CACHE_CONTROL = 'no-cache';
/** The statuses CloudFront would otherwise cache for its 10 s error-caching minimum. */
export const UNCACHED_ERROR_STATUSES = [500, 502, 503, 504] as const;
/** The folders of hashed files in the built site (see web/README.md). */
export const HASHED_FOLDERS = ['js', 'css'] as const;

/** CacheQueryStringBehavior and CacheCookieBehavior offer the same choices. */
interface KeyBehaviours<T> {
  none(): T;
  all(): T;
  allowList(...names: string[]): T;
}
const keyBehaviour = <T>(names: KeyNames, behaviours: KeyBehaviours<T>): T => {
  if (names === 'none') return behaviours.none();
  if (names === 'all') return behaviours.all();
  return behaviours.allowList(...names.allowList);
};

const referrerPolicy = (): HeadersReferrerPolicy => {
  const policy = Object.values(HeadersReferrerPolicy).find((value) => value === REFERRER_POLICY);
  if (!policy) throw new Error(`CloudFront has no referrer policy "${REFERRER_POLICY}"`);
  return policy;
};

/**
 * The site and the single origin users see: a private S3 bucket behind CloudFront (origin access
 * control), with `/api/*` routed to the HTTP API on the same domain, security headers on every
 * answer, and the stage's domain name when it has one.
 */
export class SiteStack extends Stack {
  readonly bucket: Bucket;
  readonly logsBucket: Bucket;
  readonly distribution: Distribution;
  /** The cache policies of the cached API behaviours, by path pattern (lib/edge-cache.ts). */
  readonly cachePolicies: ReadonlyMap<string, CachePolicy>;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  readonly router: CloudFrontFunction;
  readonly deployments: { readonly hashed: BucketDeployment; readonly pages: BucketDeployment };

  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, props);
    const { config, site } = props;
    const removalPolicy = removalPolicyOf(config);
    const destroy = removalPolicy === RemovalPolicy.DESTROY;

    // CloudFront's standard logs and the site bucket's S3 access logs, kept as long as the stage's logs.
    this.logsBucket = new Bucket(this, 'LogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logging writes with an ACL grant, so ACLs must stay available.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(config.logRetentionDays) }],
      removalPolicy,
      autoDeleteObjects: destroy,
    });
    // cdk-nag's S1 (server access logs) accepts it as the target of the site bucket's access logs.

    this.bucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      // The content is the build output of web/, deployed again on every deploy.
      removalPolicy,
      autoDeleteObjects: destroy,
    });

    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Cloud Clicker ${config.stageName}: security headers of every answer`,
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy([`wss://${props.live.realtimeDomain}`]),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: referrerPolicy(), override: true },
      },
    });

    this.router = new CloudFrontFunction(this, 'SiteRouter', {
      comment: `Cloud Clicker ${config.stageName}: page addresses and the 404 page`,
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(siteRouterCode(site)),
    });

    const apiOrigin = new HttpOrigin(props.apiDomainName, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      // A dynamic reference: CloudFormation reads the value from Secrets Manager at deploy time, so the
      // template, the synth output and the repository never hold it.
      customHeaders: { [ORIGIN_SECRET_HEADER]: props.originSecret.secretValue.unsafeUnwrap() },
    });
    const apiBehaviour = {
      origin: apiOrigin,
      // Redirecting would turn a POST into a GET; plain HTTP is refused instead (HSTS keeps browsers on HTTPS).
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.responseHeadersPolicy,
      compress: true,
    };
    const cachePolicies = new Map<string, CachePolicy>();
    const apiBehaviours: Record<string, BehaviorOptions> = {};
    for (const { pathPattern, cache } of API_BEHAVIOURS) {
      if (!cache) {
        apiBehaviours[pathPattern] = { ...apiBehaviour, cachePolicy: CachePolicy.CACHING_DISABLED };
        continue;
      }
      const cachePolicy = this.cachePolicy(config, pathPattern, cache.policy);
      cachePolicies.set(pathPattern, cachePolicy);
      apiBehaviours[pathPattern] = {
        ...apiBehaviour,
        cachePolicy,
        cachedMethods: cache.methods.some((method) => method === 'OPTIONS')
          ? CachedMethods.CACHE_GET_HEAD_OPTIONS
          : CachedMethods.CACHE_GET_HEAD,
      };
    }
    this.cachePolicies = cachePolicies;

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Cloud Clicker ${config.stageName}`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        functionAssociations: [{ function: this.router, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      // Insertion order is CloudFront's precedence: API_BEHAVIOURS' order.
      additionalBehaviors: apiBehaviours,
      // CloudFront caches 5xx answers for 10 s by default, even `no-store` ones: a 503 of GET /api/clicks
      // (whose cache key holds the caller's token) would be replayed to that caller. Not cached at all;
      // no response page, so the API's own JSON answer passes through.
      errorResponses: UNCACHED_ERROR_STATUSES.map((httpStatus) => ({ httpStatus, ttl: Duration.seconds(0) })),
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe; cheaper, and still served everywhere (from the nearest included edge).
      priceClass: PriceClass.PRICE_CLASS_100,
      enableIpv6: true,
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      // The *.cloudfront.net certificate's policy is fixed by CloudFront; our own certificate gets TLS 1.2+.
      ...(config.domainName && props.certificate
        ? {
            domainNames: [config.domainName],
            certificate: props.certificate,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.acknowledgeDistributionFindings(config, props);

    const siteConfig: SiteConfig = {
      live: {
        realtimeUrl: `wss://${props.live.realtimeDomain}${REALTIME_PATH}`,
        httpHost: props.live.httpDomain,
        apiKey: props.live.apiKey,
      },
    };
    this.deployments = this.deploySite(config, site.dir, siteConfig);

    if (config.domainName && config.hostedZoneId && config.hostedZoneName) {
      const zone = HostedZone.fromHostedZoneAttributes(this, 'HostedZone', {
        hostedZoneId: config.hostedZoneId,
        zoneName: config.hostedZoneName,
      });
      const target = RecordTarget.fromAlias(new CloudFrontTarget(this.distribution));
      new ARecord(this, 'AliasA', { zone, recordName: config.domainName, target });
      new AaaaRecord(this, 'AliasAAAA', { zone, recordName: config.domainName, target });
    }

    new CfnOutput(this, 'SiteUrl', {
      value: `https://${config.domainName ?? this.distribution.distributionDomainName}`,
      description: 'The site and its API (/api/*)',
    });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
  }

  private cachePolicy(config: StageConfig, pathPattern: string, policy: EdgeCachePolicy): CachePolicy {
    return new CachePolicy(this, `${policy.name}CachePolicy`, {
      comment: `Cloud Clicker ${config.stageName}: ${pathPattern}, ${policy.minTtl}-${policy.maxTtl} s (lib/edge-cache.ts)`,
      minTtl: Duration.seconds(policy.minTtl),
      defaultTtl: Duration.seconds(policy.defaultTtl),
      maxTtl: Duration.seconds(policy.maxTtl),
      headerBehavior: policy.headers.length
        ? CacheHeaderBehavior.allowList(...policy.headers)
        : CacheHeaderBehavior.none(),
      queryStringBehavior: keyBehaviour(policy.queryStrings, CacheQueryStringBehavior),
      cookieBehavior: keyBehaviour(policy.cookies, CacheCookieBehavior),
      // CloudFront compresses answers (compress: true) only when the key normalises Accept-Encoding.
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
  }

  private acknowledgeDistributionFindings(config: StageConfig, props: SiteStackProps): void {
    const acks = [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'A public site for everyone: there is no country the product must be kept from.',
      },
    ];
    if (!props.certificate) {
      acks.push({
        id: 'AwsSolutions-CFR4',
        reason:
          'This stage has no domain name, so it uses the *.cloudfront.net certificate, whose security policy CloudFront fixes; set domainName to get TLSv1.2_2021 as the minimum.',
      });
    }
    if (!props.webAclArn) {
      acks.push({
        id: 'AwsSolutions-CFR2',
        reason: `WAF is switched off for stage ${config.stageName} (waf.enabled in cdk.json) to save its fixed monthly cost; API Gateway throttling and the API's own rate limits still apply.`,
      });
    }
    Validations.of(this.distribution).acknowledge(...acks);
  }

  /**
   * Two uploads of the built site: first the hashed files (cached for a year, never pruned, so a page
   * still open from the last release finds its scripts), then the pages (revalidated, pruned) with an
   * invalidation, so no page ever points at a script that is not there yet.
   */
  private deploySite(config: StageConfig, siteDir: string, siteConfig: SiteConfig): SiteStack['deployments'] {
    const files = new Asset(this, 'SiteFiles', { path: siteDir });
    const logGroup = new LogGroup(this, 'DeploymentLogs', {
      retention: logRetentionOf(config),
      removalPolicy: removalPolicyOf(config),
    });
    // Our own role with exactly what the upload does; `withoutPolicyUpdates` keeps BucketDeployment
    // from adding its broad defaults (s3:GetObject*, s3:List*, s3:DeleteObject* and AWSLambdaBasicExecutionRole).
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Cloud Clicker ${config.stageName}: uploads the site and invalidates CloudFront`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket', 's3:GetBucketTagging'],
        resources: [this.bucket.bucketArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
        resources: [this.distribution.distributionArn],
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.bucket.node.defaultChild as never)}.Arn>/*]`,
      reason:
        'The upload writes and prunes whatever files the site build produced (hashed names change every build), and only in the site bucket.',
    });

    // The role reads exactly the objects the uploads are given: the site's asset and /config.json's.
    const readable = new Set<string>();
    const readableSource = (source: ISource): ISource => ({
      bind: (scope, context) => {
        const bound = source.bind(scope, context);
        readable.add(bound.bucket.arnForObjects(bound.zipObjectKey));
        return bound;
      },
    });
    const source = readableSource(Source.bucket(files.bucket, files.s3ObjectKey));
    const common = {
      sources: [source],
      destinationBucket: this.bucket,
      role: role.withoutPolicyUpdates(),
      logGroup,
      memoryLimit: 512,
    };
    const hashedPatterns = HASHED_FOLDERS.map((folder) => `${folder}/*`);
    const hashed = new BucketDeployment(this, 'DeployHashedFiles', {
      ...common,
      include: hashedPatterns,
      exclude: ['*'],
      prune: false,
      cacheControl: [CacheControl.fromString(IMMUTABLE_CACHE_CONTROL)],
    });
    const pages = new BucketDeployment(this, 'DeployPages', {
      ...common,
      // Values known only at deploy time (the Events API's domains and key) fill /config.json.
      sources: [source, readableSource(Source.jsonData(SITE_CONFIG_PATH.slice(1), siteConfig))],
      exclude: hashedPatterns,
      prune: true,
      cacheControl: [CacheControl.fromString(PAGE_CACHE_CONTROL)],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    pages.node.addDependency(hashed);
    role.addToPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [...readable] }));
    // The upload function itself comes from aws-cdk-lib (one per stack, shared by both uploads).
    const handler = this.node.children.find(
      (child) => child instanceof LambdaFunction && child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "aws-cdk-lib's BucketDeployment picks its handler's Python runtime and moves it with CDK upgrades; it runs only during deploys, never for users.",
      });
    }
    // The function (shared by both uploads) must not run before its role may do the work.
    hashed.node.addDependency(role);
    pages.node.addDependency(role);
    return { hashed, pages };
  }
}
