/**
 * RangerAI: camping advice in conversations the server keeps (features/chat). Replies stream in as
 * they are written and can be stopped; a reply cut off is kept and shown as incomplete.
 */
import { sendToSignIn } from '../api';
import { startChat } from '../features/chat/actions';
import { startPage } from '../page';
import { currentSession, sessionState } from '../session';

startPage('chat');

if (!currentSession()) void sendToSignIn(sessionState().kind === 'expired');
else startChat();
