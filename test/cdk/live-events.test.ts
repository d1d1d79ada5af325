import { LIVE_NAMESPACE } from '../../lambdas/contract/live-events';
import {
  actionsOf,
  importOf,
  logicalId,
  STAGES,
  statementsOfRole,
  type SynthesizedStage,
  synthStages,
} from './fixtures';

const built = synthStages();

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
const resourcesOf = (template: SynthesizedStage['apiTemplate']): Record<string, Resource> =>
  (template.toJSON() as { Resources: Record<string, Resource> }).Resources;

describe.each(STAGES)('live totals: the Events API (%s)', (stage) => {
  const { api, apiTemplate, siteTemplate } = built[stage];
  const live = api.liveEvents;
  const apiId = logicalId(api, live.api);

  it('one Events API: browsers connect and subscribe with the API key, publishing takes IAM', () => {
    apiTemplate.resourceCountIs('AWS::AppSync::Api', 1);
    apiTemplate.hasResourceProperties('AWS::AppSync::Api', {
      Name: `CloudClicker-${stage}-live`,
      EventConfig: {
        AuthProviders: [{ AuthType: 'API_KEY' }, { AuthType: 'AWS_IAM' }],
        ConnectionAuthModes: [{ AuthType: 'API_KEY' }],
        DefaultSubscribeAuthModes: [{ AuthType: 'API_KEY' }],
        DefaultPublishAuthModes: [{ AuthType: 'AWS_IAM' }],
      },
    });
  });

  it('its one channel namespace says the same, so the key can never publish', () => {
    apiTemplate.resourceCountIs('AWS::AppSync::ChannelNamespace', 1);
    apiTemplate.hasResourceProperties('AWS::AppSync::ChannelNamespace', {
      ApiId: { 'Fn::GetAtt': [apiId, 'ApiId'] },
      Name: LIVE_NAMESPACE,
      SubscribeAuthModes: [{ AuthType: 'API_KEY' }],
      PublishAuthModes: [{ AuthType: 'AWS_IAM' }],
    });
  });

  it('one API key, valid for most of a year from the deploy', () => {
    const keys = Object.values(resourcesOf(apiTemplate)).filter((r) => r.Type === 'AWS::AppSync::ApiKey');
    expect(keys).toHaveLength(1);
    const expires = Number(keys[0].Properties.Expires) * 1000;
    const days = (expires - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(360);
    expect(days).toBeLessThanOrEqual(365);
  });

  it('only the aggregator may publish, and only on the namespace', () => {
    const publishers = Object.entries(resourcesOf(apiTemplate)).filter(
      ([, r]) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties).includes('appsync:'),
    );
    expect(publishers).toHaveLength(1);
    const aggregatorRole = logicalId(api, api.clickAggregator.function.executionRole);
    expect(publishers[0][1].Properties.Roles).toEqual([{ Ref: aggregatorRole }]);
    const appsync = statementsOfRole(apiTemplate, aggregatorRole).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('appsync:')),
    );
    expect(appsync).toHaveLength(1);
    expect(actionsOf(appsync[0])).toEqual(['appsync:EventPublish']);
    expect(appsync[0].Resource).toEqual({
      'Fn::Join': [
        '',
        [
          `arn:aws:appsync:${api.region}:`,
          { Ref: 'AWS::AccountId' },
          ':apis/',
          { 'Fn::GetAtt': [apiId, 'ApiId'] },
          `/channelNamespace/${LIVE_NAMESPACE}`,
        ],
      ],
    });
    // No other stack grants anything on it.
    for (const template of [siteTemplate, built[stage].dataTemplate])
      expect(JSON.stringify(template.toJSON())).not.toContain('appsync:');
  });

  it('the site’s /config.json names the real-time endpoint, the HTTP host and the key', () => {
    const pages = Object.values(resourcesOf(siteTemplate)).find(
      (r) => r.Type === 'Custom::CDKBucketDeployment' && r.Properties.Prune === true,
    );
    const markers = JSON.stringify(pages?.Properties.SourceMarkers);
    const exported = (attribute: string, resource = apiId) =>
      JSON.stringify(importOf(apiTemplate, { 'Fn::GetAtt': [resource, attribute] }));
    expect(markers).toContain(exported('Dns.Realtime'));
    expect(markers).toContain(exported('Dns.Http'));
    expect(markers).toContain(exported('ApiKey', api.getLogicalId(live.apiKey)));
    // Filled into JSON, so the values are escaped as JSON strings.
    expect(pages?.Properties.SourceMarkersConfig).toEqual([{}, { jsonEscape: true }]);
  });
});
