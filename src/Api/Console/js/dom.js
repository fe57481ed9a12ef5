// Building the page without HTML strings: every text goes in as a text node, so nothing the API returns (a user id, a
// rule id, a redacted answer) can become markup. The CSP's Trusted Types rule makes innerHTML throw anyway.

/**
 * h('button', { type: 'button', onclick: f, dataset: { testid: 'x' } }, 'Save') → an element.
 * Attributes named on* become listeners; false/null/undefined attributes are left out; children may be strings,
 * nodes, arrays or null.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'className') {
      element.className = value;
    } else if (name === 'value' || name === 'checked') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with presentation attributes (attributes, not style: the CSP allows no inline style). */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.append(child instanceof Node ? child : String(child));
  }
}

export function clear(element) {
  element.replaceChildren();
}

/** A labelled form field: the label's for= names the control's id. */
export function field(label, control, hint) {
  const hintId = hint ? `${control.id}-hint` : null;
  if (hintId) {
    control.setAttribute('aria-describedby', hintId);
  }
  return h('div', { className: 'field' },
    h('label', { for: control.id }, label),
    control,
    hint ? h('p', { className: 'hint', id: hintId }, hint) : null);
}

/** A panel: a section named by its h2, whose id is id. */
export function panel(id, title, ...content) {
  return h('section', { className: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), ...content);
}

/** A table with its column headings, and a caption for screen readers when one is given; bodies: tbody, tfoot. */
export function table(testid, caption, columns, ...bodies) {
  return h('table', { dataset: { testid } },
    caption ? h('caption', { className: 'visually-hidden' }, caption) : null,
    h('thead', {}, h('tr', {}, columns.map(name => h('th', { scope: 'col' }, name)))),
    ...bodies);
}

/** A date as the admin reads it: local date and time, with the ISO form as the tooltip. */
export function when(iso) {
  const date = new Date(iso);
  return h('time', { datetime: iso, title: iso }, date.toLocaleString());
}

/** Says something to screen-reader users without moving their focus. */
export function announce(message) {
  const announcer = document.getElementById('announcer');
  announcer.textContent = '';
  // A change in the next frame is announced even when the same message comes twice.
  requestAnimationFrame(() => { announcer.textContent = message; });
}

/** A status line: role=alert for errors (read at once), role=status otherwise. */
export function status(kind, message) {
  return h('p', { className: kind, role: kind === 'error' ? 'alert' : 'status' }, message);
}
