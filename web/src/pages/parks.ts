/** The park catalog with ratings, search and sort (features/parks). */
import { startParks } from '../features/parks/actions';
import { startPage } from '../page';

startPage('parks');
startParks();
