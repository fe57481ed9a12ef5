// Forms that create something through the API: the API's problems are shown under the fields they name (the control
// marked invalid and described by its message), anything else as the form's message.
import { ApiError, describe, send } from './api.js';
import { h, status } from './dom.js';

/**
 * POSTs body to path for form: clears the previous problems, and on a refusal shows the API's at the fields in controls
 * (field name → control) and a message (refused(status) when it says something better, else the API's detail).
 * The created resource's body, or null when nothing was created.
 */
export async function postForm(form, message, path, body, controls, refused = () => null) {
  clearFieldErrors(form);
  message.replaceChildren();
  const response = await send('POST', path, { body }).catch(error => ({ failure: error }));
  if (response.failure) {
    message.replaceChildren(status('error', describe(response.failure)));
    return null;
  }
  if (!response.ok) {
    const error = new ApiError(response);
    showFieldErrors(form, error, controls);
    message.replaceChildren(status('error', refused(response.status) ?? error.describe()));
    return null;
  }
  return response.body;
}

export function clearFieldErrors(form) {
  for (const message of form.querySelectorAll('.field-error')) {
    message.remove();
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    control.setAttribute('aria-describedby', (control.getAttribute('aria-describedby') || '').replace(/\S+-error/g, '').trim());
  }
}

/** Each problem the API names by field, under that field; the control is marked invalid and described by it. */
export function showFieldErrors(form, error, controls) {
  if (!error.errors) {
    return;
  }
  for (const [name, messages] of Object.entries(error.errors)) {
    const control = controls[name];
    if (!control) {
      continue;
    }
    const id = `${control.id}-error`;
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', `${control.getAttribute('aria-describedby') || ''} ${id}`.trim());
    control.insertAdjacentElement('afterend', h('p', { className: 'field-error error', id }, messages.join(' ')));
  }
  form.querySelector('[aria-invalid=true]')?.focus();
}
