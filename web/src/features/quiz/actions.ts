/**
 * The park quiz. Anyone can read the questions; answering needs a session (the server keeps the
 * result). The page sends only the chosen option of each question: scoring is the server's job.
 */
import { ApiError, messageOf } from '../../api';
import { confirmAction } from '../../confirm';
import { showStatus } from '../../dom';
import { getPark } from '../../endpoints/parks';
import {
  deleteQuizResult,
  getQuiz,
  listQuizResults,
  submitQuiz,
  type QuizResult,
} from '../../endpoints/quiz';
import { formatDateTime } from '../../format';
import { PagedList } from '../../paged-list';
import { currentSession } from '../../session';
import { clearDraft, missingMessage, problemsByQuestion, readDraft, saveDraft } from './state';
import {
  clearQuestionProblem,
  collectAnswers,
  quizView,
  renderHistoryItem,
  setSubmitting,
  showFreshForm,
  showLoadFailed,
  showLoading,
  showMissing,
  showQuestions,
  showResult,
  showResultDetails,
  showSignedInParts,
  showSubmitFailed,
  type QuizView,
} from './view';

interface QuizPage {
  readonly view: QuizView;
  readonly history: PagedList<QuizResult>;
}

async function load(view: QuizView): Promise<void> {
  showLoading(view);
  try {
    showQuestions(view, await getQuiz(), readDraft());
  } catch (err) {
    showLoadFailed(view, err);
  }
}

async function revealResult(view: QuizView, result: QuizResult): Promise<void> {
  showResult(view, result);
  // The catalog entry adds colour; the result stands without it.
  try {
    const park = await getPark(result.park.id);
    if (park) showResultDetails(park);
  } catch {
    // Nothing more to show.
  }
}

function submitAnswers(page: QuizPage): void {
  const { view } = page;
  if (!currentSession()) return;
  const { answers, missing } = collectAnswers(view, true);
  if (missing.length > 0) return showMissing(view, missing, missingMessage(missing.length));
  setSubmitting(view, true);
  submitQuiz(answers).then(
    (result) => {
      setSubmitting(view, false);
      clearDraft();
      page.history.prepend(result);
      void revealResult(view, result);
    },
    (err: unknown) => showSubmitFailed(view, problemsByQuestion(err), messageOf(err)),
  );
}

async function removeResult(page: QuizPage, result: QuizResult): Promise<void> {
  const { historyStatus, historyTitle } = page.view;
  const ok = await confirmAction({
    title: 'Delete this result?',
    message: `Your ${result.park.name} result from ${formatDateTime(result.createdAt)} will be removed.`,
    confirmLabel: 'Delete result',
  });
  if (!ok) return;
  try {
    await deleteQuizResult(result.id);
    page.history.remove(result.id);
    showStatus(historyStatus, `Deleted your ${result.park.name} result.`, 'success');
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) {
      showStatus(historyStatus, `Couldn't delete the result. ${messageOf(err)}`, 'error');
      return;
    }
    page.history.remove(result.id);
    showStatus(historyStatus, 'That result had already been deleted.', 'info');
  }
  historyTitle.focus();
}

function quizPage(view: QuizView): QuizPage {
  const history: PagedList<QuizResult> = new PagedList<QuizResult>({
    list: view.historyList,
    moreButton: view.historyMore,
    status: view.historyStatus,
    empty: view.historyEmpty,
    noun: ['result', 'results'],
    fetchPage: (cursor, signal) => listQuizResults(cursor, signal),
    keyOf: (result) => result.id,
    render: (result) => renderHistoryItem(result, () => void removeResult(page, result)),
  });
  const page: QuizPage = { view, history };
  return page;
}

function wire(page: QuizPage): void {
  const { view } = page;
  view.again.addEventListener('click', () => {
    clearDraft();
    showFreshForm(view);
  });
  view.form.addEventListener('change', (event) => {
    saveDraft(collectAnswers(view, false).answers);
    clearQuestionProblem(event.target);
  });
  view.form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitAnswers(page);
  });
  view.retry.addEventListener('click', () => void load(view));
}

export function startQuiz(): void {
  const page = quizPage(quizView());
  wire(page);
  const signedIn = currentSession() !== null;
  showSignedInParts(page.view, signedIn);
  void load(page.view);
  if (signedIn) void page.history.reload();
}
