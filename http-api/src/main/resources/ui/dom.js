// Small DOM helpers. Text goes in as text nodes only (never as HTML), so record fields cannot inject markup.

/** h('td', {class: 'num'}, 'text', child, ...): an element with attributes and children (strings become text). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A table with a header row and one row per item; columns are [title, item -> cell content, class?]. */
export function table(columns, items, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, columns.map(([title]) => h('th', {}, title)))),
    h('tbody', {}, items.map(item => h('tr', {}, columns.map(([, cell, cls]) => h('td', { class: cls }, cell(item)))))));
}

/** A definition list of [label, value] pairs. */
export function keyValues(pairs) {
  return h('dl', { class: 'kv' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '–')]));
}

export function section(title, ...children) {
  return h('section', {}, h('h2', {}, title), ...children);
}

/** An instant as ISO-8601 without milliseconds noise. */
export function instant(text) {
  if (!text) return '–';
  return String(text).replace(/\.\d+Z$/, 'Z');
}

/** Window values (count, sum, digest, late, retracted) as one short line; '–' when absent. */
export function values(v) {
  if (!v) return '–';
  return `count ${v.count}, sum ${v.sum}, late ${v.lateCount}, retracted ${v.retractedCount}, digest ${v.digest}`;
}

export function number(n, digits = 2) {
  if (n === undefined || n === null || Number.isNaN(n)) return '–';
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

/** An error from the API, shown as 'status code: detail'. */
export function errorText(e) {
  if (e && e.status) return `${e.status} ${e.error || ''}: ${e.detail || ''}`.trim();
  return String(e && e.message ? e.message : e);
}
