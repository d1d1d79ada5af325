import { HISTORY_MAX_CHARS, HISTORY_MAX_TURNS, prepareTurns, titleFrom } from '../../lambdas/chat/domain';
import { advise, mentionedPark } from '../../lambdas/chat/providers/local-advisor';
import type { ChatTurn } from '../../lambdas/chat/providers/provider';

const turn = (role: ChatTurn['role'], text: string): ChatTurn => ({ role, text });
const sentences = (text: string) => text.split(/(?<=[.!?])\s+/).filter(Boolean);

describe('titleFrom', () => {
  it('keeps a short first message as it is, on one line', () => {
    expect(titleFrom('  Bears in\nDenali?  ')).toBe('Bears in Denali?');
  });

  it('cuts a long message at a word, within 60 characters', () => {
    const title = titleFrom(
      'What should I pack for a week of backcountry camping in Glacier National Park in late September?',
    );
    expect(title.length).toBeLessThanOrEqual(60);
    expect(title).toMatch(/…$/);
    expect(title).toMatch(/^What should I pack for a week of backcountry camping in…$/);
  });
});

describe('prepareTurns', () => {
  it('passes an alternating history through, oldest first', () => {
    const earlier = [turn('user', 'a'), turn('assistant', 'b'), turn('user', 'c'), turn('assistant', 'd')];
    expect(prepareTurns(earlier, 'e')).toEqual({ history: earlier, message: 'e' });
  });

  it('joins unanswered user messages to the new one, so roles alternate and nothing is dropped', () => {
    const earlier = [turn('user', 'a'), turn('assistant', 'b'), turn('user', 'c'), turn('user', 'd')];
    expect(prepareTurns(earlier, 'e')).toEqual({
      history: [turn('user', 'a'), turn('assistant', 'b')],
      message: 'c\n\nd\n\ne',
    });
  });

  it(`keeps at most ${HISTORY_MAX_TURNS} turns, starting with the user`, () => {
    const earlier = Array.from({ length: 50 }, (_, i) => turn(i % 2 === 0 ? 'user' : 'assistant', `t${i}`));
    const { history } = prepareTurns(earlier, 'new');
    expect(history.length).toBeLessThanOrEqual(HISTORY_MAX_TURNS);
    expect(history[0].role).toBe('user');
    expect(history[history.length - 1]).toEqual(turn('assistant', 't49'));
  });

  it(`keeps at most ${HISTORY_MAX_CHARS} characters, dropping the oldest turns first`, () => {
    const long = 'x'.repeat(5000);
    const earlier = [
      turn('user', long),
      turn('assistant', long),
      turn('user', long),
      turn('assistant', 'short'),
    ];
    const { history, message } = prepareTurns(earlier, 'new');
    const chars = history.reduce((n, t) => n + t.text.length, message.length);
    expect(chars).toBeLessThanOrEqual(HISTORY_MAX_CHARS);
    expect(history).toEqual([turn('user', long), turn('assistant', 'short')]);
  });
});

describe('the offline advisor', () => {
  it('names the park when one is mentioned, by name or id, ignoring case and accents', () => {
    expect(mentionedPark('camping at GRAND CANYON')?.id).toBe('grand-canyon');
    expect(mentionedPark('hawaii volcanoes trip')?.id).toBe('hawaii-volcanoes');
    expect(mentionedPark('somewhere nice')).toBeUndefined();
    expect(advise('Tips for Redwood?', [])).toMatch(/^For Redwood/);
  });

  it.each([
    ['water', /gallon|treat/i],
    ['food', /canister|calorie/i],
    ['bears', /bear/i],
    ['a storm forecast', /forecast|layers/i],
    ['my tent and gear', /ten essentials|tent/i],
    ['getting lost', /route|lost/i],
  ])('gives tips on %s', (topic, expected) => {
    expect(advise(`What about ${topic}?`, [])).toMatch(expected);
  });

  it('answers in at most four sentences, the same way every time', () => {
    for (const question of [
      'bears and water at Zion in a storm?',
      'hello',
      'food gear safety weather wildlife water',
    ]) {
      const answer = advise(question, []);
      expect(sentences(answer).length).toBeLessThanOrEqual(4);
      expect(advise(question, [])).toBe(answer);
    }
  });

  it('follows the conversation: a follow-up keeps the park and the topic', () => {
    const history = [turn('user', 'Going to Acadia, worried about the weather'), turn('assistant', '…')];
    const answer = advise('and at night?', history);
    expect(answer).toMatch(/Acadia/);
    expect(answer).toMatch(/forecast|layers/i);
  });
});
