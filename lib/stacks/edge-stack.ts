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
  commonRuleSet: 'AWSManagedRulesCommonRuleSet',
} as const;

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
      this.webAcl = new CfnWebACL(this, 'WebAcl', {
        name: `CloudClicker-${config.stageName}`,
        description: `Cloud Clicker ${config.stageName}: per-IP rate limit on the API and AWS common rules`,
        scope: 'CLOUDFRONT',
        defaultAction: { allow: {} },
        visibilityConfig: metric('WebAcl'),
        customResponseBodies: {
          RateLimited: {
            contentType: 'APPLICATION_JSON',
            content: JSON.stringify({
              message: 'Too many requests from your address; try again in a few minutes',
              code: 'RATE_LIMITED',
            }),
          },
        },
        rules: [
          {
            // Only the API counts: pages and assets are cached at the edge and cost nothing behind it.
            name: WAF_RULES.rateLimit,
            priority: 0,
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
              rateBasedStatement: {
                limit: config.waf.ratePer5Minutes,
                evaluationWindowSec: 300,
                aggregateKeyType: 'IP',
                scopeDownStatement: {
                  byteMatchStatement: {
                    fieldToMatch: { uriPath: {} },
                    positionalConstraint: 'STARTS_WITH',
                    searchString: '/api/',
                    textTransformations: [{ priority: 0, type: 'NONE' }],
                  },
                },
              },
            },
            visibilityConfig: metric(WAF_RULES.rateLimit),
          },
          {
            name: WAF_RULES.commonRuleSet,
            priority: 1,
            overrideAction: { none: {} },
            statement: {
              managedRuleGroupStatement: {
                vendorName: 'AWS',
                name: 'AWSManagedRulesCommonRuleSet',
                ruleActionOverrides: COMMON_RULES_COUNTED.map((name) => ({
                  name,
                  actionToUse: { count: {} },
                })),
              },
            },
            visibilityConfig: metric(WAF_RULES.commonRuleSet),
          },
        ],
      });
    }
  }
}
