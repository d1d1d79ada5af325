import * as z from 'zod/mini';
import type { AreaSchemas } from '../contract/operation';
import { pageQuery } from '../shared/pagination';
import { questionBank } from './question-bank';

/**
 * The answers object is built from the question bank: one required key per question, whose value
 * must be one of that question's option ids, and no other keys. So a missing, unknown or non-string
 * answer is a 400 naming it (`answers.<questionId>`, or `answers` for unknown keys), and the OpenAPI
 * document lists every question and its options.
 *
 * A JSON object cannot hold one question twice: `JSON.parse` keeps the last of duplicate keys, so a
 * raw body such as `{"weather":"tropical","weather":"misty"}` is scored as "misty". The API takes
 * the body as JSON defines it and documents that rather than re-parsing bodies by hand.
 */
const answerSchema = (options: readonly string[]) =>
  z.enum(options as [string, ...string[]], {
    error: (issue) =>
      issue.input === undefined
        ? 'is missing; answer every question'
        : typeof issue.input !== 'string'
          ? 'must be an option id (a string)'
          : `is not an option of this question (one of ${options.join(', ')})`,
  });

export const answersSchema = z.strictObject(
  Object.fromEntries(questionBank.map((q) => [q.id, answerSchema(q.options.map((o) => o.id))])),
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has answers to unknown questions: ${issue.keys.join(', ')}`
        : issue.input === undefined
          ? 'is required: an object of questionId → optionId'
          : 'must be an object of questionId → optionId',
  },
);

const quizResult = z.object({
  id: z.string(),
  park: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string().check(z.describe('ISO-8601 UTC')),
});

const resultId = z.object({
  id: z.string().check(z.describe('A quiz result id, as answered by POST /api/quiz/results')),
});

export const quizSchemas = {
  getQuiz: {
    response: z.object({
      questions: z.array(
        z.object({
          id: z.string(),
          text: z.string(),
          options: z.array(z.object({ id: z.string(), text: z.string() })),
        }),
      ),
    }),
  },
  createQuizResult: {
    body: z.strictObject(
      { answers: answersSchema },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : undefined,
      },
    ),
    successStatus: 201,
    response: quizResult,
    errors: [401],
  },
  listQuizResults: {
    query: pageQuery,
    response: z.object({ results: z.array(quizResult), next_cursor: z.nullable(z.string()) }),
    errors: [401],
  },
  getLatestQuizResult: {
    response: quizResult,
    errors: [401, 404],
  },
  deleteQuizResult: {
    params: resultId,
    successStatus: 204,
    errors: [401, 404],
  },
} satisfies AreaSchemas<'quiz'>;
