// The Compare panel (`/api/compare`): every own shop side by side — each figure with its
// rank and the chain's median, sortable by any column — and a small map per shop, all on
// one scale (the server's `/api/map.svg` views with the same extent).

import { h, fill } from './dom.js';
import { apiUrl } from './api.js';
import { t, num, pct, metres } from './i18n.js';

/** Figures that are shares (0–1), as the server's `Figure::is_share`. */
const SHARES = /^(share_ring_|repurchase_rate|loyal_share|dormant_share|huff_share|trade_area_overlap_share)/;
const DISTANCES = /_m$/;

/** A figure's column head: rings by their distances, the rest from the messages. */
export function figureLabel(code, radii) {
  const ring = /^share_ring_(\d+)$/.exec(code);
  if (ring) {
    const k = Number(ring[1]);
    const inner = k > 1 ? radii[k - 2] : 0;
    return t('compare.ring', { from: num(inner), to: metres(radii[k - 1]) });
  }
  return t(`compare.figure.${code}`);
}

function show(code, v) {
  if (v === null || v === undefined) return '–';
  if (SHARES.test(code)) return pct(v, 1);
  if (DISTANCES.test(code)) return metres(v);
  if (code.startsWith('penetration')) return num(v, 2);
  return num(v, 0);
}

function showDiff(code, v) {
  if (v === null || v === undefined) return '';
  const sign = v > 0 ? '+' : '';
  if (SHARES.test(code)) return `${sign}${num(100 * v, 1)} pt`;
  return `${sign}${num(v, code.startsWith('penetration') ? 2 : 0)}`;
}

/** Rows sorted by column `key` (`shop` or a figure index) in `dir` (1 up, -1 down);
 *  unknown values last either way. */
export function sortRows(rows, key, dir) {
  const value = (r) => (key === 'shop' ? r.shop : r.values[key]);
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    if (key === 'shop') return dir * String(x).localeCompare(String(y));
    return dir * (x - y);
  });
}

/**
 * Draws the comparison `c` into `el`; `sort` is `{key, dir}` and `onSort(key)` asks
 * for another order; `mapParams` are the map view's shared parameters (extent, lang).
 */
export function renderCompare(el, c, sort, onSort, mapParams) {
  const figures = c.figures;
  const rows = sortRows(c.shops, sort.key, sort.dir);
  const ariaSort = (key) => (sort.key === key ? (sort.dir > 0 ? 'ascending' : 'descending') : null);
  const head = (key, label) => h('th', { scope: 'col', class: key === 'shop' ? null : 'num', 'aria-sort': ariaSort(key) },
    h('button', { type: 'button', class: 'sort', dataset: { sort: String(key) }, onclick: () => onSort(key) },
      label, sort.key === key ? (sort.dir > 0 ? ' ▲' : ' ▼') : ''));
  const table = h('table', { class: 'data compare' },
    h('thead', {}, h('tr', {}, head('shop', t('compare.shop')), figures.map((f, i) => head(i, figureLabel(f, c.radii_m))))),
    h('tbody', {},
      rows.map((r) => h('tr', { class: r.shop === c.benchmark ? 'benchmark' : null },
        h('th', { scope: 'row' }, r.shop),
        figures.map((f, i) => h('td', { class: 'num' },
          show(f, r.values[i]),
          r.ranks[i] ? h('small', {}, ` #${r.ranks[i]}`) : null,
          r.vs_benchmark && r.shop !== c.benchmark && r.vs_benchmark[i] !== null
            ? [h('br'), h('small', { class: 'diff' }, showDiff(f, r.vs_benchmark[i]))] : null)))),
      h('tr', { class: 'median' }, h('th', { scope: 'row' }, t('compare.median')),
        figures.map((f, i) => h('td', { class: 'num' }, show(f, c.chain_median[i]))))));
  fill(el,
    h('h2', {}, t('compare.title')),
    h('p', { class: 'muted' }, t('compare.note', {
      exponent: num(c.huff_exponent, 2),
      how: t(c.huff_exponent_fitted ? 'compare.fitted' : 'compare.textbook'),
    })),
    c.benchmark ? h('p', {}, t('compare.vs', { shop: c.benchmark })) : null,
    h('div', { class: 'scroll' }, table),
    c.overlaps.length ? [
      h('h3', {}, t('compare.overlaps')),
      h('ul', {}, c.overlaps.map((o) => h('li', {}, t('compare.overlap', {
        a: o.a, b: o.b, a3: pct(o.a3_share_of_a_in_b, 0), a4: pct(o.a4_share_of_b_in_a, 0),
        a2: pct(o.a2_overlap_of_union, 0), both: num(o.members_in_both),
      })))),
    ] : null,
    h('h3', {}, t('compare.maps', { extent: metres(mapParams.extent_m) })),
    h('div', { class: 'small-maps' }, rows.map((r) => h('figure', { class: 'small-map' },
      h('img', {
        src: apiUrl('map.svg', { shop: r.shop, view: true, width: 260, height: 260, layers: 'basemap,rings,members,competitors', ...mapParams }),
        alt: t('compare.mapOf', { shop: r.shop }), width: 260, height: 260, loading: 'lazy',
      }),
      h('figcaption', {}, r.shop)))),
  );
}
