import { Duration, Expiration } from 'aws-cdk-lib';
import {
  AppSyncAuthorizationType,
  type ChannelNamespace,
  type CfnApiKey,
  EventApi,
} from 'aws-cdk-lib/aws-appsync';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { LIVE_NAMESPACE, PUBLISH_PATH } from '../../lambdas/contract/live-events';

export interface LiveEventsProps {
  readonly config: StageConfig;
}

/** An API key lasts at most 365 days; every deploy issues the expiry again from the deploy's date. */
const API_KEY_LIFETIME = Duration.days(365);

/**
 * The live click totals: an AppSync Events API with one channel namespace. Browsers connect and
 * subscribe with an API key the site publishes in /config.json (so anonymous viewers need no AWS
 * credentials); publishing takes IAM, and only the principal granted here (the aggregator) has it.
 */
export class LiveEvents extends Construct {
  readonly api: EventApi;
  readonly namespace: ChannelNamespace;
  readonly apiKey: CfnApiKey;

  constructor(scope: Construct, id: string, props: LiveEventsProps) {
    super(scope, id);
    const { config } = props;
    this.api = new EventApi(this, 'Api', {
      apiName: `CloudClicker-${config.stageName}-live`,
      authorizationConfig: {
        authProviders: [
          {
            authorizationType: AppSyncAuthorizationType.API_KEY,
            apiKeyConfig: {
              name: 'viewers',
              description: `Cloud Clicker ${config.stageName}: anonymous viewers subscribe to the click totals`,
              expires: Expiration.after(API_KEY_LIFETIME),
            },
          },
          { authorizationType: AppSyncAuthorizationType.IAM },
        ],
        connectionAuthModeTypes: [AppSyncAuthorizationType.API_KEY],
        defaultSubscribeAuthModeTypes: [AppSyncAuthorizationType.API_KEY],
        defaultPublishAuthModeTypes: [AppSyncAuthorizationType.IAM],
      },
    });
    // Spelled out on the namespace too, so a change of the API's defaults cannot open publishing.
    this.namespace = this.api.addChannelNamespace('Clicks', {
      channelNamespaceName: LIVE_NAMESPACE,
      authorizationConfig: {
        subscribeAuthModeTypes: [AppSyncAuthorizationType.API_KEY],
        publishAuthModeTypes: [AppSyncAuthorizationType.IAM],
      },
    });
    this.apiKey = this.api.apiKeys.viewers;
  }

  /** `https://…/event`: where the aggregator publishes. */
  get publishUrl(): string {
    return `https://${this.api.httpDns}${PUBLISH_PATH}`;
  }

  /** `appsync:EventPublish` on this namespace's channels, nothing else. */
  grantPublish(grantee: IGrantable): void {
    this.namespace.grantPublish(grantee);
  }
}
