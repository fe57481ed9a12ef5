// The policy editor, for the global policy and for a team's overlay alike (their API routes have the same shape): the
// live version, a draft editor with the API's problems at their lines, a dry run of the draft, the draft's changes
// against the live version, saving with If-Match, and history with rollback.
// Nothing here decides whether a policy is valid: the API does, and the page shows what it says.
import { ApiError, call, describe, send } from './api.js';
import { diffLines, withContext } from './diff.js';
import { announce, field, h, panel, status, table, when } from './dom.js';
import { JsonSyntaxError, lineOf, locate } from './jsonpos.js';

const pretty = document => JSON.stringify(document, null, 2);

/**
 * Renders the editor into view; returns its cleanup. target: { path, subject, documentLabel, dryRunHint, none } —
 * path the document's route (GET, PUT; /history, /rollback/{version} and /evaluate under it), subject what changes in
 * sentences ("the policy"), none what version 0 means (a team without an overlay; null when there is always a version).
 */
export function renderPolicyEditor(view, target) {
  const state = {
    live: null,        // { version, updated_at, updated_by, policy }
    base: null,        // the version the draft is based on, sent in If-Match
    problems: [],      // [{ path, messages }]
    alive: true,
  };

  // --- live version ---
  const versionNumber = h('span', { dataset: { testid: 'policy-version' } }, '…');
  const liveBy = h('span');
  const liveAt = h('span');
  const liveLine = h('p', { className: 'live' }, 'Live version ', versionNumber, liveBy, liveAt);

  // --- editor ---
  const gutter = h('pre', { className: 'gutter', 'aria-hidden': 'true' });
  const editor = h('textarea', {
    id: 'policy-editor', spellcheck: 'false', wrap: 'off', rows: '24', autocomplete: 'off', readonly: true, 'aria-busy': 'true',
    'aria-describedby': 'policy-editor-hint policy-problems', dataset: { testid: 'policy-editor' },
  });
  const baseLine = h('p', { className: 'hint', id: 'policy-editor-hint' });
  const problemList = h('ul', { className: 'problems', id: 'policy-problems', dataset: { testid: 'policy-problems' }, 'aria-label': 'Problems in the draft' });
  const editorMessage = h('div', { 'aria-live': 'polite' });
  // Until the live version is loaded there is no draft to edit and no version to send in If-Match.
  const saveButton = h('button', { type: 'button', className: 'primary', disabled: true, dataset: { testid: 'policy-save' }, onclick: save }, 'Save as new version');
  const diffButton = h('button', { type: 'button', dataset: { testid: 'policy-diff-show' }, onclick: showDiff }, 'Show changes');
  const resetButton = h('button', { type: 'button', onclick: resetDraft }, 'Discard draft');
  const diffOutput = h('div', { className: 'diff', dataset: { testid: 'policy-diff' } });

  // --- dry run ---
  const promptInput = h('textarea', { id: 'dryrun-prompt', rows: '3', dataset: { testid: 'policy-dryrun-input' } });
  const outputInput = h('textarea', { id: 'dryrun-output', rows: '3', dataset: { testid: 'policy-dryrun-output' } });
  const runButton = h('button', { type: 'button', className: 'primary', disabled: true, dataset: { testid: 'policy-dryrun-run' }, onclick: dryRun }, 'Run against the draft');
  const dryRunResult = h('div', { className: 'result', 'aria-live': 'polite', dataset: { testid: 'policy-dryrun-result' } });

  // --- history ---
  const historyBody = h('tbody');
  const historyMessage = h('div', { 'aria-live': 'polite' });

  view.append(
    panel('live-title', 'Live',
      h('div', { className: 'row between' },
        liveLine,
        h('button', { type: 'button', onclick: () => loadLive(false) }, 'Reload'))),
    h('div', { className: 'columns policy-work' },
      panel('draft-title', 'Draft',
        h('label', { for: 'policy-editor' }, target.documentLabel),
        baseLine,
        h('div', { className: 'editor' }, gutter, editor),
        problemList,
        h('div', { className: 'actions' }, saveButton, diffButton, resetButton),
        editorMessage,
        diffOutput),
      panel('dryrun-title', 'Dry run',
        h('p', { className: 'hint' }, target.dryRunHint),
        field('Prompt', promptInput),
        field('Answer', outputInput, 'A model answer to filter, e.g. one that contains a key or an e-mail address.'),
        h('div', { className: 'actions' }, runButton),
        dryRunResult)),
    panel('history-title', 'History',
      historyMessage,
      table('policy-history', 'Published versions, newest first', ['Version', 'Published', 'By', 'Actions'], historyBody)));

  let checkTimer = 0;
  editor.addEventListener('input', () => {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => { refreshGutter(); updateBaseLine(); }, 250);
  });
  editor.addEventListener('scroll', () => { gutter.scrollTop = editor.scrollTop; });

  loadLive(true);
  loadHistory();
  return () => {
    state.alive = false;
    clearTimeout(checkTimer);
  };

  // ---------------------------------------------------------------------------------------------------------------

  function isDirty() {
    return state.live !== null && editor.value !== pretty(state.live.policy);
  }

  async function loadLive(intoDraft) {
    try {
      const { body } = await call('GET', target.path);
      if (!state.alive) {
        return;
      }
      showLive(body);
      if (intoDraft || !isDirty()) {
        setDraft(body.policy, body.version);
      }
    } catch (error) {
      showError(editorMessage, error);
    }
  }

  function showLive(live) {
    state.live = live;
    versionNumber.textContent = String(live.version);
    if (live.version === 0 && target.none) {
      liveBy.textContent = ` — ${target.none}`;
      liveAt.replaceChildren();
    } else {
      liveBy.textContent = `, published by ${live.updated_by} `;
      liveAt.replaceChildren('at ', when(live.updated_at));
    }
    updateBaseLine();
  }

  function setDraft(document, baseVersion) {
    editor.value = pretty(document);
    state.base = baseVersion;
    editor.readOnly = false;
    editor.removeAttribute('aria-busy');
    saveButton.disabled = false;
    runButton.disabled = false;
    setProblems([]);
    diffOutput.replaceChildren();
    updateBaseLine();
  }

  function updateBaseLine() {
    if (state.base === null) {
      return;
    }
    const changed = isDirty() ? 'changed, not published' : 'no changes';
    const stale = state.live && state.base !== state.live.version ? ` — the live version is now ${state.live.version}` : '';
    baseLine.textContent = `Based on version ${state.base} (${changed})${stale}. Problems the gateway finds are listed under the editor and marked at their lines.`;
  }

  function resetDraft() {
    if (state.live) {
      setDraft(state.live.policy, state.live.version);
      editorMessage.replaceChildren(status('ok', `The draft is the live version ${state.live.version} again.`));
    }
  }

  /** The draft's text when it is JSON; otherwise shows where it is not and returns null. */
  function draftJson() {
    try {
      locate(editor.value);
      JSON.parse(editor.value);
      return editor.value;
    } catch (error) {
      if (error instanceof JsonSyntaxError) {
        setProblems([{ path: null, line: error.line, messages: [`Not valid JSON: ${error.message}`] }]);
      } else {
        setProblems([{ path: null, line: null, messages: [`Not valid JSON: ${error.message}`] }]);
      }
      return null;
    }
  }

  /** problems: [{ path, line?, messages }]; a path is placed at its line in the current text. */
  function setProblems(problems) {
    state.problems = problems;
    refreshGutter();
    problemList.replaceChildren(...problems.map(problem => {
      const line = problem.line ?? null;
      const where = [line ? `Line ${line}` : null, problem.path].filter(Boolean).join(' · ');
      const text = `${where ? `${where}: ` : ''}${problem.messages.join(' ')}`;
      return h('li', {},
        line
          ? h('button', { type: 'button', className: 'link', onclick: () => goToLine(line) }, text)
          : text);
    }));
  }

  function refreshGutter() {
    let lines = null;
    try {
      lines = locate(editor.value);
    } catch {
      // Paths cannot be placed in text that is not JSON; the syntax problem carries its own line.
    }
    for (const problem of state.problems) {
      if (problem.path && lines) {
        problem.line = lineOf(lines, problem.path);
      }
    }
    const marked = new Set(state.problems.map(p => p.line).filter(Boolean));
    const count = editor.value.split('\n').length;
    const numbers = [];
    for (let i = 1; i <= count; i++) {
      numbers.push(h('span', { className: marked.has(i) ? 'marked' : null, title: marked.has(i) ? 'A problem at this line' : null }, `${i}\n`));
    }
    gutter.replaceChildren(...numbers);
    gutter.scrollTop = editor.scrollTop;
    editor.setAttribute('aria-invalid', state.problems.length ? 'true' : 'false');
  }

  function goToLine(line) {
    const text = editor.value;
    let start = 0;
    for (let i = 1; i < line; i++) {
      start = text.indexOf('\n', start) + 1;
    }
    const end = text.indexOf('\n', start);
    editor.focus();
    editor.setSelectionRange(start, end === -1 ? text.length : end);
    const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 20;
    editor.scrollTop = Math.max(0, (line - 4) * lineHeight);
  }

  /** The API's problems: errors keyed by path, or the detail when it names no field. */
  function showApiProblems(error) {
    if (error.errors) {
      setProblems(Object.entries(error.errors).map(([path, messages]) => ({ path, messages })));
      const first = state.problems.find(p => p.line);
      announce(`${state.problems.length} problem${state.problems.length === 1 ? '' : 's'} in the draft${first ? `, first at line ${first.line}` : ''}.`);
    } else {
      setProblems([{ path: null, line: null, messages: [error.describe()] }]);
    }
  }

  /** confirm === true (not a click event): the admin confirmed switching a protection off. */
  async function save(confirm) {
    editorMessage.replaceChildren();
    const text = draftJson();
    if (text === null) {
      return;
    }
    setProblems([]);
    saveButton.disabled = true;
    try {
      // The draft goes as written: the API, not the console, decides what a document may contain.
      const path = confirm === true ? `${target.path}?confirm=protection_off` : target.path;
      const response = await send('PUT', path, { body: text, headers: { 'If-Match': `"${state.base}"` } });
      if (response.ok) {
        showLive(response.body);
        setDraft(response.body.policy, response.body.version);
        editorMessage.replaceChildren(status('ok', `Saved: version ${response.body.version} is live.`));
        announce(`Saved. Version ${response.body.version} is live.`);
        loadHistory();
        return;
      }
      const error = new ApiError(response);
      if (response.status === 412 || response.status === 409) {
        await showConflict(error);
      } else if (response.status === 400 && needsConfirm(error)) {
        showApiProblems(error);
        editorMessage.replaceChildren(confirmProtectionOff('policy-save-protection-off', 'Publish anyway', () => save(true)));
      } else if (response.status === 400) {
        showApiProblems(error);
        editorMessage.replaceChildren(status('error', 'Not saved: the gateway found problems in the draft.'));
      } else {
        showError(editorMessage, error);
      }
    } catch (error) {
      showError(editorMessage, error);
    } finally {
      saveButton.disabled = false;
    }
  }

  async function showConflict(error) {
    let latest = null;
    try {
      latest = (await call('GET', target.path)).body;
      showLive(latest);
    } catch {
      // The conflict is shown without who made the other change.
    }
    const who = latest ? `Version ${latest.version} was published by ${latest.updated_by} at ${new Date(latest.updated_at).toLocaleString()}` : 'Another change was published';
    const takeBase = h('button', { type: 'button', onclick: () => {
      state.base = latest.version;
      updateBaseLine();
      editorMessage.replaceChildren(status('ok', `Your draft is now based on version ${latest.version}. Check the changes, then save again.`));
      showDiff();
    } }, latest ? `Base my draft on version ${latest.version}` : 'Reload');
    editorMessage.replaceChildren(h('div', { className: 'conflict', role: 'alert', dataset: { testid: 'policy-conflict' } },
      h('strong', {}, `Not saved: ${target.subject} changed while you were editing. `),
      `${who}; your draft was based on version ${state.base}. Your draft is kept as it is. `,
      h('span', { className: 'hint' }, error.describe()),
      h('div', { className: 'actions' },
        latest ? h('button', { type: 'button', onclick: showDiff }, `Show changes against version ${latest.version}`) : null,
        latest ? takeBase : null)));
    announce(`Not saved: ${target.subject} changed while you were editing. Your draft is kept.`);
  }

  function showDiff() {
    if (!state.live) {
      return;
    }
    let draft = editor.value;
    try {
      draft = pretty(JSON.parse(draft)); // compare documents, not indentation
    } catch {
      // Not JSON: compare the text as it is.
    }
    const lines = diffLines(pretty(state.live.policy), draft);
    if (lines.every(line => line.kind === 'same')) {
      diffOutput.replaceChildren(status('ok', `No changes against the live version ${state.live.version}.`));
      return;
    }
    const rows = withContext(lines).map(line => {
      if (line.kind === 'gap') {
        return h('li', { className: 'gap' }, `… ${line.count} unchanged line${line.count === 1 ? '' : 's'}`);
      }
      const sign = { same: ' ', added: '+', removed: '-' }[line.kind];
      const label = { same: '', added: 'added: ', removed: 'removed: ' }[line.kind];
      return h('li', { className: line.kind },
        h('span', { className: 'visually-hidden' }, label),
        h('span', { 'aria-hidden': 'true' }, `${sign} `),
        line.text);
    });
    diffOutput.replaceChildren(
      h('h3', {}, `Changes against the live version ${state.live.version}`),
      h('ol', { className: 'lines' }, rows));
  }

  async function dryRun() {
    const prompt = promptInput.value;
    const output = outputInput.value;
    if (!prompt && !output) {
      dryRunResult.replaceChildren(status('error', 'Enter a prompt, an answer, or both.'));
      return;
    }
    const text = draftJson();
    if (text === null) {
      dryRunResult.replaceChildren(status('error', 'The draft is not valid JSON: see the problems under the editor.'));
      return;
    }

    runButton.disabled = true;
    try {
      const parts = [];
      if (prompt) {
        parts.push(`"prompt":${JSON.stringify(prompt)}`);
      }
      if (output) {
        parts.push(`"output":${JSON.stringify(output)}`);
      }
      parts.push(`"policy":${text}`);
      const response = await send('POST', `${target.path}/evaluate`, { body: `{${parts.join(',')}}` });
      if (!response.ok) {
        const error = new ApiError(response);
        if (response.status === 400 && error.errors) {
          showApiProblems(error);
          dryRunResult.replaceChildren(status('error', 'The gateway found problems in the draft (or the input): see the list under the editor.'));
        } else {
          dryRunResult.replaceChildren(status('error', error.describe()));
        }
        return;
      }
      setProblems([]);
      dryRunResult.replaceChildren(...renderEvaluation(response.body));
      announce('Dry run done.');
    } catch (error) {
      dryRunResult.replaceChildren(status('error', error.message));
    } finally {
      runButton.disabled = false;
    }
  }

  async function loadHistory() {
    try {
      const { body } = await call('GET', `${target.path}/history?limit=20`);
      if (!state.alive) {
        return;
      }
      historyBody.replaceChildren(...(body.versions.length
        ? body.versions.map((entry, index) => historyRow(entry, index === 0))
        : [h('tr', {}, h('td', { colspan: '4' }, 'No version published yet.'))]));
    } catch (error) {
      showError(historyMessage, error);
    }
  }

  function historyRow(entry, isLive) {
    const actions = h('td', { className: 'actions' });
    const load = h('button', { type: 'button', onclick: () => {
      editor.value = pretty(entry.policy);
      setProblems([]);
      updateBaseLine();
      showDiff();
      editorMessage.replaceChildren(status('ok', `Version ${entry.version} is in the editor as a draft; saving publishes it as a new version.`));
    } }, `Open version ${entry.version} in the editor`);
    const rollback = h('button', { type: 'button', dataset: { testid: `policy-rollback-${entry.version}` }, onclick: () => {
      // A second, explicit click: a rollback publishes at once.
      const confirm = h('button', { type: 'button', className: 'danger', dataset: { testid: `policy-rollback-confirm-${entry.version}` }, onclick: () => doRollback(entry.version) }, `Publish version ${entry.version} again`);
      const cancel = h('button', { type: 'button', onclick: () => { actions.replaceChildren(load, rollback); rollback.focus(); } }, 'Cancel');
      actions.replaceChildren(confirm, cancel);
      confirm.focus();
    } }, 'Roll back to this version');
    actions.append(load, isLive ? h('span', { className: 'badge' }, 'live') : rollback);
    return h('tr', { dataset: { version: String(entry.version) } },
      h('th', { scope: 'row' }, String(entry.version)),
      h('td', {}, when(entry.updated_at)),
      h('td', {}, entry.updated_by),
      actions);
  }

  async function doRollback(version, confirm) {
    historyMessage.replaceChildren();
    const wasClean = !isDirty();
    const query = confirm === true ? '?confirm=protection_off' : '';
    const response = await send('POST', `${target.path}/rollback/${encodeURIComponent(version)}${query}`, { headers: { 'If-Match': `"${state.live.version}"` } })
      .catch(error => ({ ok: false, failure: error }));
    if (response.failure) {
      showError(historyMessage, response.failure);
      return;
    }
    if (!response.ok && response.status === 400 && needsConfirm(new ApiError(response))) {
      historyMessage.replaceChildren(confirmProtectionOff(`policy-rollback-protection-off-${version}`, `Roll back to version ${version} anyway`, () => doRollback(version, true)));
      return;
    }
    if (!response.ok) {
      const error = new ApiError(response);
      historyMessage.replaceChildren(status('error', response.status === 412
        ? `Not rolled back: ${target.subject} changed meanwhile (${error.describe()}). Reload and try again.`
        : error.describe()));
      loadLive(false);
      loadHistory();
      return;
    }
    showLive(response.body);
    if (wasClean) {
      setDraft(response.body.policy, response.body.version);
    }
    historyMessage.replaceChildren(status('ok', `Rolled back: version ${version}'s document is live as version ${response.body.version}.${wasClean ? '' : ' Your unsaved draft is kept.'}`));
    announce(`Rolled back. Version ${response.body.version} is live.`);
    loadHistory();
  }
}

/** The API refuses a change that switches a protection off until the request confirms it (?confirm=protection_off). */
function needsConfirm(error) {
  return error.status === 400 && error.message.includes('confirm=protection_off');
}

function confirmProtectionOff(testid, label, onConfirm) {
  return h('div', { className: 'conflict', role: 'alert', dataset: { testid: 'policy-protection-off' } },
    h('strong', {}, 'This switches a protection off. '),
    'The gateway publishes it only when you confirm (the change is logged as a warning).',
    h('div', { className: 'actions' }, h('button', { type: 'button', className: 'danger', dataset: { testid }, onclick: onConfirm }, label)));
}

function renderEvaluation(result) {
  const out = [h('p', {}, result.policy_version === 0 ? 'Evaluated against the draft' : `Evaluated against version ${result.policy_version}`, ` (mode ${result.mode}).`)];
  if (result.prompt) {
    const p = result.prompt;
    const verdict = p.verdict === 'block' ? `Blocked${p.code ? ` (${p.code})` : ''}` : 'Allowed';
    out.push(h('h3', {}, 'Prompt'),
      h('p', { className: p.verdict === 'block' ? 'verdict block' : 'verdict allow', dataset: { testid: 'dryrun-verdict' } }, verdict),
      h('dl', {},
        h('dt', {}, 'Score'), h('dd', {}, `${p.score} of ${p.block_threshold}${p.threshold_reached ? ' (threshold reached)' : ''}`),
        h('dt', {}, 'Rules that fired'),
        h('dd', {}, p.matched_rules.length
          ? h('ul', { className: 'tags', dataset: { testid: 'dryrun-rules' } }, p.matched_rules.map(rule => h('li', {}, rule)))
          : 'none'),
        h('dt', {}, 'Blocked term'), h('dd', { dataset: { testid: 'dryrun-blocked-term' } }, p.blocked_term ? 'yes' : 'no')));
  }
  if (result.output) {
    const o = result.output;
    out.push(h('h3', {}, 'Answer'),
      h('p', {}, o.action === 'redact' ? 'Redacted before the client sees it:' : 'Passed unchanged:'),
      h('pre', { className: 'answer', dataset: { testid: 'dryrun-output-text' } }, o.text),
      o.redactions.length
        ? h('table', {},
          h('caption', {}, 'Redactions'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Count'))),
          h('tbody', {}, o.redactions.map(r => h('tr', {}, h('td', {}, r.type), h('td', {}, String(r.count))))))
        : null);
  }
  return out;
}

function showError(container, error) {
  container.replaceChildren(status('error', describe(error)));
}
