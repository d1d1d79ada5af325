import { parkCatalog, type Park } from '../../shared/park-catalog';
import { estimateTokens, type ChatProvider, type ChatTurn } from './provider';

/**
 * The offline advisor for local mode and tests: deterministic, keyword-aware camping tips that name the
 * park when one is mentioned. It is no language model; the chat page says so.
 */
interface Topic {
  readonly id: string;
  readonly keywords: RegExp;
  readonly tips: readonly string[];
}

const topics: readonly Topic[] = [
  {
    id: 'water',
    keywords: /\b(water|drink|thirst|hydrat|filter|purif|stream|river|lake)/i,
    tips: [
      'Carry at least one gallon (about 4 litres) of water per person per day, more in heat or at altitude.',
      'Treat any water from streams or lakes by boiling, filtering or chemical tablets, even when it looks clear.',
    ],
  },
  {
    id: 'food',
    keywords: /\b(food|eat|meal|cook|snack|stove|calorie|bear.?can|canister)/i,
    tips: [
      'Pack calorie-dense food that needs little cooking, and plan one extra day of meals.',
      'Store all food and scented items in a bear-resistant canister or locker, never in your tent.',
    ],
  },
  {
    id: 'wildlife',
    keywords:
      /\b(wildlife|animal|bear|moose|elk|bison|snake|wolf|wolves|alligator|coyote|cougar|mountain lion)/i,
    tips: [
      'Keep at least 100 yards from bears and wolves and 25 yards from other large animals.',
      'Never feed wildlife, and carry bear spray where bears live, within reach rather than in your pack.',
    ],
  },
  {
    id: 'weather',
    keywords: /\b(weather|rain|storm|snow|cold|heat|hot|wind|lightning|forecast|temperature)/i,
    tips: [
      'Check the forecast the morning you set out and turn back early if storms build.',
      'Dress in layers you can add or remove, and keep a dry set of clothes sealed in a bag.',
    ],
  },
  {
    id: 'gear',
    keywords: /\b(gear|pack|tent|sleeping|bag|boots|equipment|backpack|headlamp|stove|list)/i,
    tips: [
      'Bring the ten essentials: navigation, light, sun protection, first aid, knife, fire, shelter, extra food, water and clothes.',
      'Test your tent and stove at home before the trip so nothing surprises you at dusk.',
    ],
  },
  {
    id: 'safety',
    keywords: /\b(safe|safety|lost|emergency|first aid|injur|hurt|alone|solo|rescue|trail)/i,
    tips: [
      'Leave your route and return time with someone at home before you go.',
      'If you get lost, stop, stay put and make yourself visible and audible; searchers find people who stay.',
    ],
  },
];

const GENERAL = [
  'Plan your route, check the park’s current conditions and alerts, and get any permits you need before you go.',
  'Leave no trace: camp on durable ground, pack out everything you bring, and keep campfires small or skip them.',
];

const normalise = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u02bb]/g, '');

export function mentionedPark(text: string): Park | undefined {
  const haystack = normalise(text);
  return parkCatalog.find((park) => haystack.includes(normalise(park.name)) || haystack.includes(park.id));
}

/** The advice, as a pure function of the message and the earlier turns. */
export function advise(message: string, history: readonly ChatTurn[]): string {
  const earlierUserText = history.filter((t) => t.role === 'user').map((t) => t.text);
  // A follow-up like "and at night?" keeps the park and topic of the conversation so far.
  const park = mentionedPark(message) ?? [...earlierUserText].reverse().map(mentionedPark).find(Boolean);
  let matched = topics.filter((topic) => topic.keywords.test(message));
  if (matched.length === 0) {
    const previous = [...earlierUserText]
      .reverse()
      .find((text) => topics.some((topic) => topic.keywords.test(text)));
    matched = previous ? topics.filter((topic) => topic.keywords.test(previous)) : [];
  }
  const tips =
    matched.length > 0
      ? matched.slice(0, 2).flatMap((topic) => topic.tips.slice(0, matched.length > 1 ? 1 : 2))
      : GENERAL;
  const opening = park
    ? `For ${park.name} (${park.biome.toLowerCase()}, ${park.state}), here is my advice.`
    : 'Here is my camping advice.';
  return [opening, ...tips, 'Stop at a visitor center for a ranger’s latest word before you head out.']
    .slice(0, 4)
    .join(' ');
}

/** Words per streamed chunk, and the pause between chunks: a reply arrives over about a second. */
const WORDS_PER_CHUNK = 3;
const CHUNK_PAUSE_MS = 60;

/** The advice in chunks of a few words, each with its leading space, as a model's stream delivers it. */
export function adviceChunks(text: string): string[] {
  const words = text.split(' ');
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += WORDS_PER_CHUNK)
    chunks.push((i > 0 ? ' ' : '') + words.slice(i, i + WORDS_PER_CHUNK).join(' '));
  return chunks;
}

const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason as Error)), {
      once: true,
    });
  });

/** No model runs, but the reply is charged an estimate, so the budget works the same in local mode. */
export const localAdvisor: ChatProvider = {
  name: 'local',
  reply: async (request) => {
    const text = advise(request.message, request.history);
    return { text, tokens: estimateTokens(request, text) };
  },
  async *stream(request) {
    const text = advise(request.message, request.history);
    for (const [index, chunk] of adviceChunks(text).entries()) {
      if (index > 0) await pause(CHUNK_PAUSE_MS, request.signal);
      yield { text: chunk };
    }
    yield { tokens: estimateTokens(request, text) };
  },
};
