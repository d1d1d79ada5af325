/** The line that says whether a page's numbers are pushed or polled. */
import { showStatus } from '../dom';

export const LIVE_MESSAGE = 'Live';
export const POLLING_MESSAGE = 'Polling — live updates unavailable';

export function showPushed(element: HTMLElement): void {
  showStatus(element, LIVE_MESSAGE, 'success');
}

export function showPolled(element: HTMLElement): void {
  showStatus(element, POLLING_MESSAGE, 'warning');
}
