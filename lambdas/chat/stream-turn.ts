import { DomainError } from '../shared/domain-errors';
import { HttpError } from '../shared/errors';
import { loggerFor } from '../shared/logger';
import { estimateTokens, isAbort, timedOut } from './providers/provider';
import type { StreamLine } from './schemas';
import type { StoredMessage } from './store';
import { closeTurn, type OpenTurn, providerAnswered, providerFailure } from './turn';

const logger = loggerFor('chat');
type AssistantMessage = StoredMessage & { readonly role: 'assistant' };

/** How the model's part of a streamed turn ended. */
type Outcome =
  { readonly kind: 'done'; readonly tokens: number } | { readonly kind: 'failed'; readonly error: unknown };

/**
 * The lines of a streamed reply: `start` at once, a `delta` per piece of text, then `done` with the
 * stored reply, or `error` with what arrived kept as an incomplete reply. When the viewer goes away
 * (the stop button, a closed tab) the model is cut off and what arrived is kept, marked the same.
 */
export async function* streamTurn(turn: OpenTurn, timeoutMs: number): AsyncGenerator<StreamLine> {
  const { conversationId } = turn;
  yield { type: 'start', conversationId, provider: turn.provider.name };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let text = '';
  let outcome: Outcome | undefined;
  try {
    let tokens = 0;
    for await (const chunk of turn.provider.stream({ ...turn.request, signal: controller.signal })) {
      if ('tokens' in chunk) tokens = chunk.tokens;
      else {
        text += chunk.text;
        yield { type: 'delta', text: chunk.text };
      }
    }
    outcome = { kind: 'done', tokens };
  } catch (error) {
    outcome = { kind: 'failed', error: isAbort(error, controller.signal) ? timedOut(timeoutMs) : error };
  } finally {
    clearTimeout(timer);
    if (!outcome) {
      // The viewer went away mid-reply: this generator is being closed, nothing more can be sent.
      controller.abort();
      await keepPartial(turn, text).catch((error: unknown) =>
        logger.warn('a stopped reply could not be kept', { error: String(error) }),
      );
    }
  }
  if (outcome.kind === 'done') {
    providerAnswered(turn, outcome.tokens);
    let reply: AssistantMessage;
    try {
      reply = await closeTurn(turn, { text: text.trim(), tokens: outcome.tokens });
    } catch (error) {
      yield errorLine(turn, error);
      return;
    }
    yield { type: 'done', conversationId, reply };
    return;
  }
  const failure = providerFailure(turn, outcome.error);
  let reply: AssistantMessage | undefined;
  try {
    reply = await keepPartial(turn, text);
  } catch (error) {
    yield errorLine(turn, error);
    return;
  }
  yield { ...errorLine(turn, failure), ...(reply ? { reply } : {}) };
}

/** Stores what arrived of a reply the model did not finish, marked incomplete; nothing when none did. */
async function keepPartial(turn: OpenTurn, text: string): Promise<AssistantMessage | undefined> {
  const partial = text.trim();
  if (!partial) return undefined;
  return closeTurn(turn, {
    text: partial,
    tokens: estimateTokens(turn.request, partial),
    incomplete: true,
  });
}

/** The last line when the turn failed after the answer began (its status line was already sent). */
function errorLine(turn: OpenTurn, error: unknown): Extract<StreamLine, { type: 'error' }> {
  // Refusals (a conversation deleted meanwhile) are told as they are; anything else is our fault.
  const told = error instanceof HttpError || error instanceof DomainError;
  if (!told) logger.error('a streamed reply failed', { error: String(error) });
  return {
    type: 'error',
    message: told ? error.message : 'Something went wrong on our side; try again',
    incomplete: true,
    conversationId: turn.conversationId,
  };
}
