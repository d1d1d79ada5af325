/**
 * "Are you sure?" before anything is deleted, as a modal <dialog>: the browser traps the focus
 * inside it, Escape cancels, and the focus goes back to the button that asked.
 */
import { el } from './dom';
import { uniqueId } from './fields';

export interface ConfirmOptions {
  readonly title: string;
  readonly message: string;
  /** The label of the button that goes ahead, e.g. "Delete review". */
  readonly confirmLabel: string;
}

export function confirmAction(options: ConfirmOptions): Promise<boolean> {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const titleId = uniqueId('confirm-title');
  const messageId = uniqueId('confirm-message');
  const cancel = el('button', { type: 'button', class: 'button button-quiet', autofocus: true }, 'Cancel');
  const ok = el('button', { type: 'button', class: 'button button-danger' }, options.confirmLabel);
  const dialog = el(
    'dialog',
    { class: 'confirm-dialog', 'aria-labelledby': titleId, 'aria-describedby': messageId },
    // The box has no padding of its own, so a click on the dialog element itself is on the backdrop.
    el(
      'div',
      { class: 'confirm-body' },
      el('h2', { id: titleId }, options.title),
      el('p', { id: messageId }, options.message),
      el('div', { class: 'actions actions-end' }, cancel, ok),
    ),
  );
  document.body.append(dialog);

  return new Promise<boolean>((resolve) => {
    let answer = false;
    const finish = (value: boolean): void => {
      answer = value;
      dialog.close();
    };
    cancel.addEventListener('click', () => finish(false));
    ok.addEventListener('click', () => finish(true));
    // A click on the backdrop (outside the box) is a "no".
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) finish(false);
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(answer);
    });
    dialog.showModal();
    cancel.focus();
  });
}
