import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { questionBank } from '../../lambdas/quiz/question-bank';
import { quizSchemas } from '../../lambdas/quiz/schemas';
import { HttpError } from '../../lambdas/shared/errors';
import { parseWith } from '../../lambdas/shared/validation';
import { testConfiguration } from '../support/function-configuration';

const body = quizSchemas.createQuizResult.body;
const completeAnswers = (): Record<string, unknown> =>
  Object.fromEntries(questionBank.map((q) => [q.id, q.options[q.options.length - 1].id]));

/** The 400 the router would answer for this body, or undefined when the body is accepted. */
function refusal(value: unknown): HttpError | undefined {
  try {
    parseWith(body, value, 'body');
    return undefined;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
}

describe('POST /api/quiz/results body', () => {
  it('accepts one known option for every question', () => {
    expect(refusal({ answers: completeAnswers() })).toBeUndefined();
  });

  it.each([
    ['a missing question', (a: Record<string, unknown>) => delete a.water, 'answers.water', /missing/],
    [
      'an unknown option',
      (a: Record<string, unknown>) => (a.water = 'lava'),
      'answers.water',
      /not an option/,
    ],
    ['a number', (a: Record<string, unknown>) => (a.water = 3), 'answers.water', /string/],
    ['an array', (a: Record<string, unknown>) => (a.water = ['none']), 'answers.water', /string/],
    ['null', (a: Record<string, unknown>) => (a.water = null), 'answers.water', /string/],
    ['an unknown question', (a: Record<string, unknown>) => (a.colour = 'red'), 'answers', /colour/],
  ])('refuses %s with a 400 naming it', (_, spoil, field, pattern) => {
    const answers = completeAnswers();
    spoil(answers);
    const error = refusal({ answers });
    expect(error?.status).toBe(400);
    expect(error?.fields?.[field]).toMatch(pattern);
    expect(error?.message).toContain(field);
  });

  it('refuses a __proto__ key as an unknown question', () => {
    const answers = JSON.parse(
      `{${questionBank.map((q) => `"${q.id}":"${q.options[0].id}"`).join(',')},"__proto__":"x"}`,
    ) as unknown;
    expect(refusal({ answers })?.fields?.answers).toMatch(/__proto__/);
  });

  it('takes the last of duplicate keys, as JSON.parse does (documented)', () => {
    const entries = questionBank.map((q) => `"${q.id}":"${q.options[0].id}"`);
    const raw = `{"answers":{${entries.join(',')},"weather":"misty"}}`;
    const parsed = JSON.parse(raw) as { answers: Record<string, string> };
    expect(parsed.answers.weather).toBe('misty');
    expect(refusal(parsed)).toBeUndefined();
  });

  it.each([
    ['no answers', {}, 'answers'],
    ['answers as a string', { answers: 'all of them' }, 'answers'],
    ['answers as an array', { answers: [] }, 'answers'],
    ['an extra field', { answers: completeAnswers(), points: 99 }, 'body'],
  ])('refuses %s', (_, value, field) => {
    const error = refusal(value);
    expect(error?.status).toBe(400);
    expect(Object.keys(error?.fields ?? {})).toContain(field);
  });

  it('refuses points sent by a client', () => {
    const error = refusal({ answers: { ...completeAnswers(), weather: { park: 'denali', points: 100 } } });
    expect(error?.fields?.['answers.weather']).toMatch(/string/);
  });
});

describe('GET /api/quiz (handler, no store involved)', () => {
  it('answers the questions and options without their weights, cacheable', async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    const { createHandler } = await import('../../lambdas/quiz/handler');
    // No client is ever called: the route answers from the bundled question bank.
    const handler = createHandler({ env: testConfiguration('quiz') });
    const event = {
      routeKey: 'GET /api/quiz',
      rawPath: '/api/quiz',
      headers: {},
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const result = await handler(event, { awsRequestId: 'test' } as Context);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['cache-control']).toBe('public, max-age=300');
    const answer = JSON.parse(String(result.body)) as {
      questions: { id: string; text: string; options: { id: string; text: string }[] }[];
    };
    expect(answer.questions).toEqual(
      questionBank.map((q) => ({
        id: q.id,
        text: q.text,
        options: q.options.map((o) => ({ id: o.id, text: o.text })),
      })),
    );
    expect(String(result.body)).not.toMatch(/weights|denali/);
  });
});
