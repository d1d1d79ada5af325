/** The "page not found" page only needs the shared header. */
import { startPage } from '../page';

startPage('not-found');
