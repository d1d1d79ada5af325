/** Dashboard: clicks over time for a chosen window (features/dashboard). */
import { startDashboard } from '../features/dashboard/actions';
import { startPage } from '../page';

startPage('dashboard');
startDashboard();
