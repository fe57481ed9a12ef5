// A line diff (longest common subsequence), enough for policy documents of a few thousand lines.

/** [{ kind: 'same' | 'added' | 'removed', text, oldLine, newLine }] turning `before` into `after`. */
export function diffLines(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  // Common head and tail are cut first: an edit usually touches a few lines of a long document.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) {
    head++;
  }
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    tail++;
  }

  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const result = [];
  for (let i = 0; i < head; i++) {
    result.push({ kind: 'same', text: a[i], oldLine: i + 1, newLine: i + 1 });
  }
  for (const entry of lcsDiff(midA, midB)) {
    result.push({
      kind: entry.kind,
      text: entry.text,
      oldLine: entry.oldIndex === null ? null : head + entry.oldIndex + 1,
      newLine: entry.newIndex === null ? null : head + entry.newIndex + 1,
    });
  }
  for (let i = tail; i > 0; i--) {
    result.push({ kind: 'same', text: a[a.length - i], oldLine: a.length - i + 1, newLine: b.length - i + 1 });
  }
  return result;
}

function lcsDiff(a, b) {
  const n = a.length;
  const m = b.length;
  if (n * m > 25_000_000) {
    // Too big to compare line by line in a page: show it as replaced.
    return [
      ...a.map((text, i) => ({ kind: 'removed', text, oldIndex: i, newIndex: null })),
      ...b.map((text, j) => ({ kind: 'added', text, oldIndex: null, newIndex: j })),
    ];
  }

  // lengths[i][j] = LCS of a[i..] and b[j..], one flat array.
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j]
        ? lengths[(i + 1) * width + j + 1] + 1
        : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }

  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i], oldIndex: i++, newIndex: j++ });
    } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
      out.push({ kind: 'removed', text: a[i], oldIndex: i++, newIndex: null });
    } else {
      out.push({ kind: 'added', text: b[j], oldIndex: null, newIndex: j++ });
    }
  }
  while (i < n) {
    out.push({ kind: 'removed', text: a[i], oldIndex: i++, newIndex: null });
  }
  while (j < m) {
    out.push({ kind: 'added', text: b[j], oldIndex: null, newIndex: j++ });
  }
  return out;
}

/** The changed lines with `context` unchanged lines around each change; runs in between become { kind: 'gap', count }. */
export function withContext(lines, context = 3) {
  const keep = new Uint8Array(lines.length);
  lines.forEach((line, index) => {
    if (line.kind !== 'same') {
      for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) {
        keep[k] = 1;
      }
    }
  });

  const out = [];
  let skipped = 0;
  lines.forEach((line, index) => {
    if (keep[index]) {
      if (skipped) {
        out.push({ kind: 'gap', count: skipped });
        skipped = 0;
      }
      out.push(line);
    } else {
      skipped++;
    }
  });
  if (skipped) {
    out.push({ kind: 'gap', count: skipped });
  }
  return out;
}
