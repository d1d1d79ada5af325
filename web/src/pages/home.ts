/** Home: sign in or sign up (features/home). */
import { startHome } from '../features/home/actions';
import { startPage } from '../page';

startPage('home');
startHome();
