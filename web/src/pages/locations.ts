/** Saved locations: add, list, edit and delete, each with its nearest park (features/locations). */
import { sendToSignIn } from '../api';
import { startLocations } from '../features/locations/actions';
import { startPage } from '../page';
import { currentSession, sessionState } from '../session';

startPage('locations');

if (!currentSession()) void sendToSignIn(sessionState().kind === 'expired');
else startLocations();
