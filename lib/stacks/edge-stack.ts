import { Stack, type StackProps } from 'aws-cdk-lib';
import { Certificate, CertificateValidation, type ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';

/** CloudFront only takes certificates and web ACLs from us-east-1. */
export const EDGE_REGION = 'us-east-1';

/** The rules of the web ACL, by name, in evaluation order. */
export const WAF_RULES = {
  rateLimit: 'RateLimitApiPerIp',
  signInRateLimit: 'RateLimitSignInPerIp',
  bodySizeLimit: 'BlockBodiesOver64KiB',
  ipReputation: 'AWSManagedRulesAmazonIpReputationList',
  knownBadInputs: 'AWSManagedRulesKnownBadInputsRuleSet',
  commonRuleSet: 'AWSManagedRulesCommonRuleSet',
} as const;

/** The paths whose requests try a password or create an account. */
export const SIGN_IN_PATHS = ['/api/login', '/api/register'] as const;

/**
 * Bodies larger than this are blocked at the edge. WAF inspects at most the ACL's body inspection
 * limit, raised here to 64 KiB (CloudFront's default is 16 KiB): a body beyond it is "oversize", and
 * oversize bodies match the rule, so the size comparison is exact up to the limit and every larger body
 * is blocked too. The API refuses bodies over 16 KiB itself (413).
 */
export const MAX_BODY_BYTES_AT_EDGE = 64 * 1024;

/** The common rule set's rules that only count: the API enforces its own, larger body limit (16 KiB). */
export const COMMON_RULES_COUNTED = ['SizeRestrictions_BODY'] as const;

export interface EdgeStackProps extends StackProps {
  readonly config: StageConfig;
}

/** Whether a stage needs anything from us-east-1 (a certificate for its domain, or a web ACL). */
export const needsEdgeStack = (config: StageConfig): boolean =>
  config.domainName !== undefined || config.waf.enabled;

/**
 * What a stage's CloudFront distribution needs from us-east-1, whatever the stage's own region: the
 * ACM certificate of its domain and its WAF web ACL. The site stack takes both through cross-region
 * references (plain exports when the stage is in us-east-1 too).
 */
export class EdgeStack extends Stack {
  readonly certificate?: ICertificate;
  readonly webAcl?: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { ...props, env: { account: props.env?.account, region: EDGE_REGION } });
    const { config } = props;

    if (config.domainName && config.hostedZoneId && config.hostedZoneName) {
      // From attributes: no lookup, so synth works offline and without credentials.
      const zone = HostedZone.fromHostedZoneAttributes(this, 'HostedZone', {
        hostedZoneId: config.hostedZoneId,
        zoneName: config.hostedZoneName,
      });
      this.certificate = new Certificate(this, 'Certificate', {
        domainName: config.domainName,
        certificateName: `Cloud Clicker ${config.stageName}`,
        // The validation records go into the stage's zone by themselves.
        validation: CertificateValidation.fromDns(zone),
      });
    }

    if (config.waf.enabled) {
      const metric = (name: string) => ({
        cloudWatchMetricsEnabled: true,
        sampledRequestsEnabled: true,
        metricName: `CloudClicker-${config.stageName}-${name}`,
      });
      const pathMatch = (searchString: string, positionalConstraint: 'STARTS_WITH' | 'EXACTLY') => ({
        fieldToMatch: { uriPath: {} },
        positionalConstraint,
        searchString,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      });
      const rateRule = (
        name: string,
        priority: number,
        limit: number,
        scopeDownStatement: CfnWebACL.StatementProperty,
      ): CfnWebACL.RuleProperty => ({
        name,
        priority,
        action: {
          block: {
            customResponse: {
              responseCode: 429,
              customResponseBodyKey: 'RateLimited',
              responseHeaders: [{ name: 'retry-after', value: '60' }],
            },
          },
        },
        statement: {
          rateBasedStatement: { limit, evaluationWindowSec: 300, aggregateKeyType: 'IP', scopeDownStatement },
        },
        visibilityConfig: metric(name),
      });
      const managedRule = (
        name: string,
        priority: number,
        counted: readonly string[] = [],
      ): CfnWebACL.RuleProperty => ({
        name,
        priority,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name,
            ...(counted.length > 0
              ? { ruleActionOverrides: counted.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
              : {}),
          },
        },
        visibilityConfig: metric(name),
      });
      this.webAcl = new CfnWebACL(this, 'WebAcl', {
        name: `CloudClicker-${config.stageName}`,
        description: `Cloud Clicker ${config.stageName}: per-IP rate limits, a body size limit and AWS managed rules`,
        scope: 'CLOUDFRONT',
        defaultAction: { allow: {} },
        visibilityConfig: metric('WebAcl'),
        associationConfig: { requestBody: { CLOUDFRONT: { defaultSizeInspectionLimit: 'KB_64' } } },
        customResponseBodies: {
          RateLimited: {
            contentType: 'APPLICATION_JSON',
            content: JSON.stringify({
              message: 'Too many requests from your address; try again in a few minutes',
              code: 'RATE_LIMITED',
            }),
          },
          TooLarge: {
            contentType: 'APPLICATION_JSON',
            content: JSON.stringify({
              message: `Request body is larger than ${MAX_BODY_BYTES_AT_EDGE / 1024} KiB`,
              code: 'PAYLOAD_TOO_LARGE',
            }),
          },
        },
        rules: [
          // Only the API counts: pages and assets are cached at the edge and cost nothing behind it.
          rateRule(WAF_RULES.rateLimit, 0, config.waf.ratePer5Minutes, {
            byteMatchStatement: pathMatch('/api/', 'STARTS_WITH'),
          }),
          // Far fewer sign-ins than API calls: password guessing and sign-up floods stop here.
          rateRule(WAF_RULES.signInRateLimit, 1, config.waf.signInRatePer5Minutes, {
            orStatement: {
              statements: SIGN_IN_PATHS.map((path) => ({ byteMatchStatement: pathMatch(path, 'EXACTLY') })),
            },
          }),
          {
            name: WAF_RULES.bodySizeLimit,
            priority: 2,
            action: { block: { customResponse: { responseCode: 413, customResponseBodyKey: 'TooLarge' } } },
            statement: {
              sizeConstraintStatement: {
                fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
                comparisonOperator: 'GT',
                size: MAX_BODY_BYTES_AT_EDGE,
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
            visibilityConfig: metric(WAF_RULES.bodySizeLimit),
          },
          managedRule(WAF_RULES.ipReputation, 3),
          managedRule(WAF_RULES.knownBadInputs, 4),
          managedRule(WAF_RULES.commonRuleSet, 5, COMMON_RULES_COUNTED),
        ],
      });
    }
  }
}
