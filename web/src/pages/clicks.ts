/** Clicks: the live global and personal totals and the "Click Me!" button (features/clicks). */
import { sendToSignIn } from '../api';
import { startClicks } from '../features/clicks/actions';
import { startPage } from '../page';
import { currentSession, sessionState } from '../session';

startPage('clicks');

const session = currentSession();
if (!session) void sendToSignIn(sessionState().kind === 'expired');
else startClicks(session.username);
