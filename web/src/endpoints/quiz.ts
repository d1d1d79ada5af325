/** Quiz endpoints: the questions, answering (the server scores), and your results. */
import { api, call, listQuery, pageOf, type Page, type RequestBody, type ResponseBody } from '../api';

export type QuizQuestion = ResponseBody<'getQuiz'>['questions'][number];
export type QuizResult = ResponseBody<'createQuizResult'>;
/** questionId → optionId, every question exactly once. */
export type QuizAnswers = Readonly<Record<string, string>>;

export async function getQuiz(signal?: AbortSignal): Promise<QuizQuestion[]> {
  return (await call((extras) => api.GET('/api/quiz', extras), { signal })).data.questions;
}

export async function submitQuiz(answers: QuizAnswers): Promise<QuizResult> {
  // The ids come from the questions the server sent; it names any it does not know in `fields`.
  const body = { answers } as RequestBody<'createQuizResult'>;
  const answer = await call((extras) => api.POST('/api/quiz/results', { body, ...extras }), {
    auth: 'required',
  });
  return answer.data;
}

export async function listQuizResults(
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<QuizResult>> {
  const { data } = await call(
    (extras) => api.GET('/api/quiz/results', { params: { query: listQuery(cursor) }, ...extras }),
    { auth: 'required', signal },
  );
  return pageOf(data.results, data.next_cursor);
}

export async function deleteQuizResult(id: string): Promise<void> {
  await call((extras) => api.DELETE('/api/quiz/results/{id}', { params: { path: { id } }, ...extras }), {
    auth: 'required',
  });
}
