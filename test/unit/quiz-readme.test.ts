import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { questionBank } from '../../lambdas/quiz/question-bank';

/** The scoring table as lambdas/quiz/README.md shows it, generated from the question bank. */
export function scoringTable(): string {
  const rows = questionBank.flatMap((question) =>
    question.options.map((option, i) => {
      const points = Object.entries(option.weights)
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .map(([parkId, n]) => `${parkId} ${n}`)
        .join(', ');
      const asked = i === 0 ? `**${question.id}**: ${question.text}` : '';
      return `| ${asked} | \`${option.id}\`: ${option.text} | ${points} |`;
    }),
  );
  return ['| Question | Option | Points toward parks |', '|---|---|---|', ...rows].join('\n');
}

it('lambdas/quiz/README.md shows the scoring table of the question bank as it is', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'lambdas', 'quiz', 'README.md'), 'utf8');
  const section =
    /<!-- scoring-table:start -->\n<!-- prettier-ignore-start -->\n([\s\S]*?)\n<!-- prettier-ignore-end -->\n<!-- scoring-table:end -->/.exec(
      readme,
    );
  expect(section?.[1]).toBe(scoringTable());
});
