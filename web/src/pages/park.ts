/** One park: about, ratings, reviews, your review and the discussion (features/park). */
import { startPark } from '../features/park/actions';
import { startPage } from '../page';

startPage('park');
startPark();
