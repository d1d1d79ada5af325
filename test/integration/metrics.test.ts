import { readFileSync } from 'node:fs';
import {
  AREA_DIMENSION,
  AREA_METRICS,
  BUSINESS_METRICS,
  METRICS_NAMESPACE,
  STAGE_DIMENSION,
} from '../../lambdas/contract/metrics';
import { api } from '../support/api';

const { call, newUser } = api();

interface EmfLine {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
}

/** The EMF lines local mode has printed so far (its stdout, like Lambda's). */
function emfLines(): EmfLine[] {
  return readFileSync(String(process.env.LOCAL_MODE_LOG), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"CloudWatchMetrics"'))
    .map((line) => JSON.parse(line) as EmfLine);
}

describe('business metrics in local mode', () => {
  it('are printed as EMF lines with the stage dimension, holding only names and numbers', async () => {
    const user = await newUser('metrics');
    await call('POST', '/api/clicks', { token: user.token });
    await call('POST', '/api/login', {
      body: { username: user.username, password: `${user.password}-wrong` },
    });
    await call('PUT', '/api/parks/denali/reviews/me', {
      token: user.token,
      body: { stars: 4, title: 'Vast' },
    });
    await new Promise((r) => setTimeout(r, 300));

    const lines = emfLines();
    const recorded = new Set(
      lines.flatMap((l) => l._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name))),
    );
    for (const name of [
      BUSINESS_METRICS.registrations,
      BUSINESS_METRICS.clicks,
      BUSINESS_METRICS.failedLogins,
      BUSINESS_METRICS.reviews,
    ]) {
      expect(recorded).toContain(name);
    }

    const allowedKeys = new Set<string>([
      '_aws',
      STAGE_DIMENSION,
      AREA_DIMENSION,
      ...Object.values(BUSINESS_METRICS),
      ...Object.values(AREA_METRICS),
    ]);
    for (const line of lines) {
      expect(line._aws.CloudWatchMetrics.every((m) => m.Namespace === METRICS_NAMESPACE)).toBe(true);
      expect(line[STAGE_DIMENSION]).toBe('local');
      expect(Object.keys(line).filter((key) => !allowedKeys.has(key))).toEqual([]);
      const text = JSON.stringify(line);
      for (const secret of [user.username, user.password, user.token]) expect(text).not.toContain(secret);
    }
  });
});
