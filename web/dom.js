// Building the page's elements: h() for one element, table() for a data table. Text is
// always set as text (never parsed as HTML), so names from member files stay inert.

/** `h('td', {class: 'num'}, '12')`: an element with attributes, listeners (`onclick`) and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style' && typeof v === 'object') setStyle(el, v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function setStyle(el, style) {
  for (const [k, v] of Object.entries(style)) {
    if (k.startsWith('--')) el.style.setProperty(k, v);
    else el.style[k] = v;
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A table: `columns` are `{label, value: row => text|Node, num: bool, cls: row => class}`;
 * `options.caption`, `options.onRow(row)` (rows become clickable), `options.rowClass(row)`.
 */
export function table(columns, rows, options = {}) {
  const head = h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label))));
  const body = h('tbody', {}, rows.map((row) => {
    const tr = h('tr', { class: options.rowClass?.(row) ?? null },
      columns.map((c) => h('td', { class: [c.num ? 'num' : '', c.cls?.(row) ?? ''].join(' ').trim() || null, style: c.style?.(row) }, c.value(row))));
    if (options.onRow) {
      tr.tabIndex = 0;
      tr.classList.add('clickable');
      tr.addEventListener('click', () => options.onRow(row));
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          options.onRow(row);
        }
      });
    }
    return tr;
  }));
  return h('table', { class: options.class ?? 'data' }, options.caption ? h('caption', {}, options.caption) : null, head, body);
}

/** A `<dl>` of label → value pairs. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** Calls `f` at most once per `ms`, the last call always delivered. */
export function throttle(f, ms) {
  let last = 0;
  let timer = null;
  let pending = null;
  return (...args) => {
    pending = args;
    const wait = last + ms - Date.now();
    if (wait <= 0) {
      last = Date.now();
      f(...pending);
      pending = null;
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        if (pending) f(...pending);
        pending = null;
      }, wait);
    }
  };
}

/** Calls `f` once `ms` after the last call. */
export function debounce(f, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => f(...args), ms);
  };
}
