import { tableEnvName } from '../contract/functions';
import { dynamoClient } from '../shared/clients';
import { deployedHandler, requiredEnv } from '../shared/env';
import { notFound } from '../shared/errors';
import { createAreaHandler, reply, requireUser, type StoreDependencies } from '../shared/http';
import { timeOrderedId, TIME_ORDERED_ID } from '../shared/ids';
import { DEFAULT_PAGE_SIZE } from '../shared/pagination';
import { findPark } from '../shared/park-catalog';
import { questionBank } from './question-bank';
import { quizSchemas } from './schemas';
import { scoreAnswers } from './scoring';
import { QuizStore, type StoredQuizResult } from './store';

/** The questions without their weights: clients send choices, the server keeps the points. */
const publicQuiz = {
  questions: questionBank.map((q) => ({
    id: q.id,
    text: q.text,
    options: q.options.map((o) => ({ id: o.id, text: o.text })),
  })),
};

const toBody = (result: StoredQuizResult) => ({
  id: result.id,
  // The catalog name wins if the park was renamed since; the stored name covers a removed park.
  park: { id: result.parkId, name: findPark(result.parkId)?.name ?? result.parkName },
  createdAt: result.createdAt,
});

const noSuchResult = () => notFound('No such quiz result of yours');

/** The quiz function, its store built once from the configuration given. */
export function createHandler(dependencies: StoreDependencies) {
  const { env } = dependencies;
  const quizStore = new QuizStore(
    dependencies.dynamo ?? dynamoClient(env),
    requiredEnv(env, tableEnvName('quiz')),
  );
  return createAreaHandler(
    'quiz',
    quizSchemas,
    {
      getQuiz: async () => reply(200, publicQuiz, { 'cache-control': 'public, max-age=300' }),

      createQuizResult: async (request) => {
        const user = requireUser(request);
        const answers = request.body.answers as Record<string, string>;
        const { park } = scoreAnswers(answers);
        const now = new Date();
        const result: StoredQuizResult = {
          id: timeOrderedId(now),
          parkId: park.id,
          parkName: park.name,
          createdAt: now.toISOString(),
          answers,
        };
        await quizStore.create(user.userId, result);
        return reply(201, toBody(result));
      },

      listQuizResults: async (request) => {
        const user = requireUser(request);
        const { limit = DEFAULT_PAGE_SIZE, cursor } = request.query;
        const page = await quizStore.list(user.userId, limit, cursor);
        return reply(200, { results: page.results.map(toBody), next_cursor: page.nextCursor });
      },

      getLatestQuizResult: async (request) => {
        const user = requireUser(request);
        const latest = await quizStore.latest(user.userId);
        if (!latest) throw notFound('You have no quiz results yet');
        return reply(200, toBody(latest));
      },

      deleteQuizResult: async (request) => {
        const user = requireUser(request);
        // Ids are opaque: one that is not of our format names no result, so it is a 404 like any other.
        const { id } = request.params;
        if (!TIME_ORDERED_ID.test(id)) throw noSuchResult();
        if (!(await quizStore.delete(user.userId, id))) throw noSuchResult();
        return reply(204);
      },
    },
    dependencies,
  );
}

export const handler = deployedHandler(() => createHandler({ env: process.env }));
