import { conflict, notFound } from '../shared/errors';
import { ConversationGoneError, ConversationLimitError, MessageLimitError } from './store';

/**
 * The answer to a message the chat store refused, for every handler that stores messages: 404 for
 * a conversation that is gone or being deleted, 409 at a cap (as for saved locations). Any other
 * error passes through unchanged.
 */
export function chatRefusal(error: unknown): unknown {
  if (error instanceof ConversationGoneError) return notFound('No such conversation');
  if (error instanceof ConversationLimitError) {
    return conflict(
      `You can keep at most ${error.cap} conversations with RangerAI; delete one to start another`,
      'CONVERSATION_LIMIT',
    );
  }
  if (error instanceof MessageLimitError) {
    return conflict(
      `A conversation takes at most ${error.cap} of your messages; start a new one to go on`,
      'MESSAGE_LIMIT',
    );
  }
  return error;
}
