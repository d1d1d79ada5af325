import type { ChatTurn } from './providers/provider';

export const SYSTEM_PROMPT =
  'You are RangerAI, a friendly camping expert with a park ranger’s knowledge of U.S. national parks and ' +
  'practical survival skills. Give safe, specific, encouraging advice. Answer in at most 4 sentences. If a ' +
  'question is dangerous or outside camping and the outdoors, say so briefly and steer back to safe camping.';

/**
 * How much of a conversation the model sees: enough for follow-ups, bounded in cost and latency. The
 * stage's `chat.historyTurns` bounds what is read; these bound what is sent.
 */
export const HISTORY_MAX_TURNS = 20;
export const HISTORY_MAX_CHARS = 12_000;
export const TITLE_MAX_CHARS = 60;

/** The conversation's title: its first message, on one line, cut at a word near 60 characters. */
export function titleFrom(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  if (line.length <= TITLE_MAX_CHARS) return line;
  const cut = line.slice(0, TITLE_MAX_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_MAX_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * What the model gets: the most recent earlier turns within the turn and character bounds, merged so
 * that roles alternate and start with the user, as the Converse API requires. A message whose reply
 * failed is not dropped: it joins the new message, so the model still sees it.
 */
export function prepareTurns(
  earlier: readonly ChatTurn[],
  message: string,
  maxTurns = HISTORY_MAX_TURNS,
): { history: ChatTurn[]; message: string } {
  const merged: ChatTurn[] = [];
  for (const turn of earlier) {
    const last = merged[merged.length - 1];
    if (last && last.role === turn.role)
      merged[merged.length - 1] = { role: turn.role, text: `${last.text}\n\n${turn.text}` };
    else merged.push(turn);
  }
  let current = message;
  if (merged.length > 0 && merged[merged.length - 1].role === 'user')
    current = `${merged.pop()?.text}\n\n${message}`;
  const history: ChatTurn[] = [];
  let chars = current.length;
  for (let i = merged.length - 1; i >= 0 && history.length < maxTurns; i--) {
    chars += merged[i].text.length;
    if (chars > HISTORY_MAX_CHARS) break;
    history.unshift(merged[i]);
  }
  while (history.length > 0 && history[0].role !== 'user') history.shift();
  return { history, message: current };
}
