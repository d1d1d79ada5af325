import { AREA_METRICS, BUSINESS_METRICS, METRICS_NAMESPACE } from '../../lambdas/contract/metrics';
import { businessMetrics, functionMetrics } from '../../lambdas/shared/metrics';

/** The clicks function's metrics, in the stage its configuration names. */
const pipeline = functionMetrics({ STAGE: 'unit' }, 'clicks');
const metrics = businessMetrics({ STAGE: 'unit' });

/** What the pipeline's logMetrics middleware does at the end of each request of the clicks function. */
const flushMetrics = (): void => {
  for (const published of pipeline.published) published.publishStoredMetrics();
};

interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

/** What the metrics module prints to stdout while `run` runs, one parsed JSON object per line. */
function printed(run: () => void): EmfLine[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines.map((line) => JSON.parse(line) as EmfLine);
}

describe('metrics (EMF)', () => {
  it('prints nothing when nothing was recorded', () => {
    expect(printed(() => flushMetrics())).toEqual([]);
  });

  it('flushes business metrics as one EMF line in the CloudClicker namespace, dimension stage only', () => {
    const lines = printed(() => {
      metrics.count('clicks');
      metrics.count('clicks');
      metrics.count('registrations');
      metrics.duration('chatProviderLatency', 123);
      flushMetrics();
    });
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: [['stage']],
        Metrics: expect.arrayContaining([
          { Name: BUSINESS_METRICS.clicks, Unit: 'Count' },
          { Name: BUSINESS_METRICS.registrations, Unit: 'Count' },
          { Name: BUSINESS_METRICS.chatProviderLatency, Unit: 'Milliseconds' },
        ]),
      },
    ]);
    expect(line).toMatchObject({ stage: 'unit', Clicks: [1, 1], Registrations: 1, ChatProviderLatency: 123 });
    // Nothing but the envelope, the dimension and the numbers: no room for user data.
    expect(Object.keys(line).sort()).toEqual([
      'ChatProviderLatency',
      'Clicks',
      'Registrations',
      '_aws',
      'stage',
    ]);
    // A flush empties the buffer.
    expect(printed(() => flushMetrics())).toEqual([]);
  });

  it('counts 5xx answers per function with dimensions stage and area', () => {
    const lines = printed(() => {
      pipeline.serverError();
      flushMetrics();
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [['stage', 'area']],
      Metrics: [{ Name: AREA_METRICS.serverErrors, Unit: 'Count' }],
    });
    expect(lines[0]).toMatchObject({ stage: 'unit', area: 'clicks', ServerErrors: 1 });
  });
});
