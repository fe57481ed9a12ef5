// Where a field is in the editor's text: the API names a problem by its path (prompt_inspection.rules[3].pattern), and
// the console shows it at that line. A small JSON scanner records the line of every key and array entry.

/** Map of path → 1-based line for every member and entry of the JSON text; throws JsonSyntaxError when it is not JSON. */
export function locate(text) {
  const lines = new Map();
  let pos = 0;
  let line = 1;

  const fail = message => {
    const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
    throw new JsonSyntaxError(message, line, pos - lineStart + 1);
  };

  const skipSpace = () => {
    while (pos < text.length) {
      const c = text[pos];
      if (c === '\n') {
        line++;
      } else if (c !== ' ' && c !== '\t' && c !== '\r') {
        return;
      }
      pos++;
    }
  };

  const string = () => {
    pos++; // opening quote
    let out = '';
    while (pos < text.length) {
      const c = text[pos];
      if (c === '"') {
        pos++;
        return out;
      }
      if (c === '\n') {
        fail('A line break inside a string (write it as \\n).');
      }
      if (c === '\\') {
        const escaped = text.slice(pos, pos + 6);
        const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[text[pos + 1]];
        if (simple !== undefined) {
          out += simple;
          pos += 2;
          continue;
        }
        if (/^\\u[0-9a-fA-F]{4}$/.test(escaped)) {
          out += String.fromCharCode(parseInt(escaped.slice(2), 16));
          pos += 6;
          continue;
        }
        fail('An invalid escape in a string.');
      }
      out += c;
      pos++;
    }
    fail('A string is not closed.');
  };

  // At an object's or array's opening bracket: steps over it; true when the closing one follows at once (it is empty).
  const opens = close => {
    pos++;
    skipSpace();
    if (text[pos] === close) {
      pos++;
      return true;
    }
    return false;
  };

  // After a member or an entry: true when another follows (','), false after the closing bracket.
  const more = (close, what) => {
    skipSpace();
    if (text[pos] === ',') {
      pos++;
      return true;
    }
    if (text[pos] === close) {
      pos++;
      return false;
    }
    return fail(`Expected ',' or '${close}' after ${what}.`);
  };

  // path: where this value sits ('' for the root); an array entry records its own line, a member's line is its key's.
  const value = (path, record) => {
    skipSpace();
    if (record) {
      lines.set(path, line);
    }
    const c = text[pos];
    if (c === '{') {
      if (opens('}')) {
        return;
      }
      do {
        skipSpace();
        if (text[pos] !== '"') {
          fail('Expected a property name in double quotes.');
        }
        const keyLine = line;
        const key = string();
        const member = path ? `${path}.${key}` : key;
        lines.set(member, keyLine);
        skipSpace();
        if (text[pos] !== ':') {
          fail(`Expected ':' after "${key}".`);
        }
        pos++;
        value(member, false);
      } while (more('}', 'a property'));
      return;
    }
    if (c === '[') {
      if (opens(']')) {
        return;
      }
      let index = 0;
      do {
        value(`${path}[${index++}]`, true);
      } while (more(']', 'an array entry'));
      return;
    }
    if (c === '"') {
      string();
      return;
    }
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(pos, pos + 64));
    if (!literal) {
      fail(pos >= text.length ? 'The document ends too early.' : 'Expected a value.');
    }
    pos += literal[0].length;
  };

  value('', false);
  skipSpace();
  if (pos < text.length) {
    fail('Unexpected text after the document.');
  }
  return lines;
}

export class JsonSyntaxError extends Error {
  constructor(message, line, column) {
    super(`Line ${line}, column ${column}: ${message}`);
    this.line = line;
    this.column = column;
  }
}

/**
 * The line of the field an API problem names, or of its nearest enclosing field that exists in the text; null when
 * none does. Paths may come as prompt_inspection.rules[3].pattern, policy.… (evaluate's candidate) or $.… (JSON).
 */
export function lineOf(lines, apiPath) {
  let path = apiPath.replace(/^\$\.?/, '').replace(/^policy\.?/, '');
  while (path) {
    if (lines.has(path)) {
      return lines.get(path);
    }
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    if (cut <= 0) {
      break;
    }
    path = path.slice(0, cut);
  }
  return lines.get(path) ?? null;
}
