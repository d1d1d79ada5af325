/**
 * The park quiz. Anyone can read the questions; answering needs a session (the server keeps the
 * result). The page sends only the chosen option of each question: scoring is the server's job.
 */
import { ApiError, messageOf } from '../api';
import { confirmAction } from '../confirm';
import { byId, el, setText, showStatus } from '../dom';
import { getPark, parkUrl } from '../endpoints/parks';
import {
  deleteQuizResult,
  getQuiz,
  listQuizResults,
  submitQuiz,
  type QuizQuestion,
  type QuizResult,
} from '../endpoints/quiz';
import { formatDateTime } from '../format';
import { herePath, signInUrl } from '../links';
import { startPage } from '../page';
import { PagedList } from '../paged-list';
import { currentSession } from '../session';

startPage('quiz');

const form = byId('quiz-form', HTMLFormElement);
const questionList = byId('quiz-questions', HTMLOListElement);
const status = byId('quiz-status', HTMLElement);
const formStatus = byId('quiz-form-status', HTMLElement);
const retry = byId('quiz-retry', HTMLButtonElement);
const submit = byId('quiz-submit', HTMLButtonElement);
const resultCard = byId('quiz-result', HTMLElement);
const historySection = byId('quiz-history', HTMLElement);
const historyStatus = byId('history-status', HTMLElement);
const historyTitle = byId('history-title', HTMLElement);

let questions: QuizQuestion[] = [];

/*
 * Choices survive the trip to sign-in and back (and a reload) for this tab only. They are just
 * option ids, nothing private.
 */
const DRAFT_KEY = 'cloudclicker.quiz-draft';

function saveDraft(): void {
  try {
    window.sessionStorage.setItem(DRAFT_KEY, JSON.stringify(collectAnswers(false).answers));
  } catch {
    // No storage: the choices just are not kept.
  }
}

function restoreDraft(): void {
  let draft: unknown;
  try {
    draft = JSON.parse(window.sessionStorage.getItem(DRAFT_KEY) ?? '{}');
  } catch {
    return;
  }
  if (typeof draft !== 'object' || draft === null) return;
  for (const [questionId, optionId] of Object.entries(draft)) {
    if (typeof optionId !== 'string') continue;
    for (const radio of Array.from(questionList.querySelectorAll<HTMLInputElement>('input[type="radio"]'))) {
      if (radio.dataset.question === questionId && radio.value === optionId) radio.checked = true;
    }
  }
}

function clearDraft(): void {
  try {
    window.sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    // Nothing kept.
  }
}

function renderQuestion(question: QuizQuestion, index: number): HTMLLIElement {
  const name = `q-${index}`;
  const errorId = `${name}-error`;
  const options = question.options.map((option, i) => {
    const id = `${name}-${i}`;
    return el(
      'div',
      { class: 'quiz-option' },
      el('input', {
        type: 'radio',
        id,
        name,
        value: option.id,
        'data-question': question.id,
        'aria-describedby': errorId,
      }),
      el('label', { for: id }, option.text),
    );
  });
  return el(
    'li',
    { class: 'card quiz-question' },
    el(
      'fieldset',
      { 'data-question': question.id },
      el('legend', {}, el('span', { class: 'quiz-number' }, `${index + 1}.`), ' ', question.text),
      el('div', { class: 'quiz-options' }, ...options),
      el('p', { id: errorId, class: 'field-error', hidden: true }, 'Choose one answer.'),
    ),
  );
}

/** Every question's choice, and the fieldsets still unanswered (marked as such when `mark`). */
function collectAnswers(mark = true): { answers: Record<string, string>; missing: HTMLFieldSetElement[] } {
  const answers: Record<string, string> = {};
  const missing: HTMLFieldSetElement[] = [];
  for (const fieldset of Array.from(questionList.querySelectorAll('fieldset'))) {
    const checked = fieldset.querySelector<HTMLInputElement>('input[type="radio"]:checked');
    const error = fieldset.querySelector<HTMLElement>('.field-error');
    const radios = Array.from(fieldset.querySelectorAll<HTMLInputElement>('input[type="radio"]'));
    if (checked) answers[fieldset.dataset.question ?? ''] = checked.value;
    else missing.push(fieldset);
    if (!mark) continue;
    if (error) {
      error.hidden = checked !== null;
      if (!checked) error.textContent = 'Choose one answer.';
    }
    for (const radio of radios) {
      if (checked) radio.removeAttribute('aria-invalid');
      else radio.setAttribute('aria-invalid', 'true');
    }
  }
  return { answers, missing };
}

/* Result */

async function showResult(result: QuizResult): Promise<void> {
  const link = byId('result-link', HTMLAnchorElement);
  link.href = parkUrl(result.park.id);
  setText(link, result.park.name);
  byId('result-visit', HTMLAnchorElement).href = parkUrl(result.park.id);
  const details = byId('result-details', HTMLElement);
  setText(details, '');
  resultCard.hidden = false;
  form.hidden = true;
  resultCard.focus();
  // The catalog entry adds colour; the result stands without it.
  try {
    const park = await getPark(result.park.id);
    if (park) setText(details, `${park.state} · ${park.biome}. ${park.description}`);
  } catch {
    // Nothing more to show.
  }
}

byId('result-again', HTMLButtonElement).addEventListener('click', () => {
  resultCard.hidden = true;
  form.hidden = false;
  form.reset();
  clearDraft();
  showStatus(formStatus, '');
  questionList.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
});

/* History */

function renderResult(result: QuizResult): HTMLLIElement {
  const remove = el(
    'button',
    {
      type: 'button',
      class: 'button button-quiet button-danger-text',
      'aria-label': `Delete result ${result.park.name}, ${formatDateTime(result.createdAt)}`,
    },
    'Delete',
  );
  remove.addEventListener('click', () => void removeResult(result));
  return el(
    'li',
    { class: 'card item history-item', 'data-result-id': result.id },
    el(
      'div',
      { class: 'history-text' },
      el('a', { href: parkUrl(result.park.id), class: 'history-park' }, result.park.name),
      el('time', { datetime: result.createdAt, class: 'item-meta' }, formatDateTime(result.createdAt)),
    ),
    remove,
  );
}

const history = new PagedList<QuizResult>({
  list: byId('history-list', HTMLOListElement),
  moreButton: byId('history-more', HTMLButtonElement),
  status: historyStatus,
  empty: byId('history-empty', HTMLElement),
  noun: ['result', 'results'],
  fetchPage: (cursor, signal) => listQuizResults(cursor, signal),
  keyOf: (result) => result.id,
  render: renderResult,
});

async function removeResult(result: QuizResult): Promise<void> {
  const ok = await confirmAction({
    title: 'Delete this result?',
    message: `Your ${result.park.name} result from ${formatDateTime(result.createdAt)} will be removed.`,
    confirmLabel: 'Delete result',
  });
  if (!ok) return;
  try {
    await deleteQuizResult(result.id);
    history.remove(result.id);
    showStatus(historyStatus, `Deleted your ${result.park.name} result.`, 'success');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      history.remove(result.id);
      showStatus(historyStatus, 'That result had already been deleted.', 'info');
    } else {
      showStatus(historyStatus, `Couldn't delete the result. ${messageOf(err)}`, 'error');
      return;
    }
  }
  historyTitle.focus();
}

/* Answering */

form.addEventListener('change', (event) => {
  // A question answered after a failed submit stops showing its problem.
  const fieldset = (event.target as HTMLElement).closest('fieldset');
  saveDraft();
  if (!fieldset) return;
  fieldset.querySelector<HTMLElement>('.field-error')?.setAttribute('hidden', '');
  for (const radio of Array.from(fieldset.querySelectorAll('input'))) radio.removeAttribute('aria-invalid');
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!currentSession()) return;
  const { answers, missing } = collectAnswers();
  if (missing.length > 0) {
    showStatus(
      formStatus,
      missing.length === 1
        ? 'One question has no answer yet.'
        : `${missing.length} questions have no answer yet.`,
      'error',
    );
    missing[0].querySelector<HTMLInputElement>('input')?.focus();
    return;
  }
  submit.disabled = true;
  showStatus(formStatus, 'Finding your park…');
  submitQuiz(answers).then(
    (result) => {
      submit.disabled = false;
      showStatus(formStatus, '');
      clearDraft();
      history.prepend(result);
      void showResult(result);
    },
    (err: unknown) => {
      submit.disabled = false;
      // "answers.<questionId>" problems go under their question (e.g. the bank changed meanwhile).
      let firstMarked: HTMLFieldSetElement | null = null;
      for (const [field, problem] of Object.entries(err instanceof ApiError ? err.fields : {})) {
        const questionId = field.startsWith('answers.') ? field.slice('answers.'.length) : '';
        const fieldset = Array.from(questionList.querySelectorAll('fieldset')).find(
          (f) => f.dataset.question === questionId,
        );
        const error = fieldset?.querySelector<HTMLElement>('.field-error');
        if (!fieldset || !error) continue;
        error.textContent = problem.charAt(0).toUpperCase() + problem.slice(1);
        error.hidden = false;
        firstMarked ??= fieldset;
      }
      showStatus(formStatus, messageOf(err), 'error');
      firstMarked?.querySelector<HTMLInputElement>('input')?.focus();
    },
  );
});

/* Start */

async function load(): Promise<void> {
  retry.hidden = true;
  showStatus(status, 'Loading the questions…');
  try {
    questions = await getQuiz();
  } catch (err) {
    const reason = err instanceof ApiError && err.status === 0 ? "Can't reach the server." : messageOf(err);
    showStatus(status, `Couldn't load the quiz. ${reason}`, 'error');
    retry.hidden = false;
    return;
  }
  showStatus(status, '');
  questionList.replaceChildren(...questions.map(renderQuestion));
  restoreDraft();
  form.hidden = false;
}

retry.addEventListener('click', () => void load());

const signedIn = currentSession() !== null;
byId('quiz-signin', HTMLElement).hidden = signedIn;
byId('quiz-submit-row', HTMLElement).hidden = !signedIn;
byId('quiz-signin-link', HTMLAnchorElement).href = signInUrl({ next: herePath() });
historySection.hidden = !signedIn;
void load();
if (signedIn) void history.reload();
