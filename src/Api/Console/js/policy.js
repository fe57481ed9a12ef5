// The global policy page: the policy editor on /admin/policy (admins only).
import { h } from './dom.js';
import { renderPolicyEditor } from './policy-editor.js';

export function render(view) {
  view.append(h('h1', {}, 'Policy'));
  return renderPolicyEditor(view, {
    path: '/admin/policy',
    subject: 'the policy',
    documentLabel: 'Policy document (JSON)',
    dryRunHint: 'What the draft would decide on a prompt and on a model\'s answer, without publishing it or calling a model.',
    none: null,
  });
}
