/** Quiz endpoints: the questions, answering (the server scores), and your results. */
import {
  apiFetch,
  ApiError,
  arrayField,
  asObject,
  listQuery,
  pageOf,
  segment,
  stringField,
  type Json,
  type Page,
} from '../api';

export interface QuizOption {
  readonly id: string;
  readonly text: string;
}

export interface QuizQuestion {
  readonly id: string;
  readonly text: string;
  readonly options: readonly QuizOption[];
}

export interface QuizResult {
  readonly id: string;
  readonly park: { readonly id: string; readonly name: string };
  readonly createdAt: string;
}

/** questionId → optionId, every question exactly once. */
export type QuizAnswers = Readonly<Record<string, string>>;

function readQuestion(body: Json, index: number): QuizQuestion {
  return {
    id: stringField(body, 'id'),
    text: stringField(body, 'text'),
    options: arrayField(body, 'options').map((raw, i) => {
      const option = asObject(raw, `questions[${index}].options[${i}]`);
      return { id: stringField(option, 'id'), text: stringField(option, 'text') };
    }),
  };
}

function readResult(body: Json): QuizResult {
  const park = asObject(body.park, 'park');
  return {
    id: stringField(body, 'id'),
    park: { id: stringField(park, 'id'), name: stringField(park, 'name') },
    createdAt: stringField(body, 'createdAt'),
  };
}

export async function getQuiz(signal?: AbortSignal): Promise<QuizQuestion[]> {
  const body = asObject(await apiFetch('/api/quiz', { signal }));
  return pageOf(body, 'questions', readQuestion).items.slice();
}

export async function submitQuiz(answers: QuizAnswers): Promise<QuizResult> {
  return readResult(
    asObject(await apiFetch('/api/quiz/results', { method: 'POST', auth: 'required', body: { answers } })),
  );
}

export async function listQuizResults(
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<QuizResult>> {
  const body = asObject(
    await apiFetch(`/api/quiz/results${listQuery(cursor)}`, { auth: 'required', signal }),
  );
  return pageOf(body, 'results', readResult);
}

/** The latest result, or null before the first. */
export async function getLatestQuizResult(signal?: AbortSignal): Promise<QuizResult | null> {
  try {
    return readResult(asObject(await apiFetch('/api/quiz/results/latest', { auth: 'required', signal })));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export async function deleteQuizResult(id: string): Promise<void> {
  await apiFetch(`/api/quiz/results/${segment(id)}`, { method: 'DELETE', auth: 'required' });
}
