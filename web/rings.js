// The ring report (`/api/rings?cells=true`, one shop): the ring table, the ring chart
// (a bar per ring, plain SVG) and the ring × sector grid shaded by members.

import { h, fill, table } from './dom.js';
import { t, num, pct, metres, ringName, sectorName } from './i18n.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** `150–300 m`, `> 1000 m`. */
export function band(row) {
  if (row.outer_m === null || row.outer_m === undefined) return `> ${metres(row.inner_m)}`;
  return `${num(row.inner_m)}–${metres(row.outer_m)}`;
}

/** The ring table. */
export function ringTable(report) {
  return table([
    { label: t('col.ring'), value: (r) => ringName(r.ring) },
    { label: t('col.distance'), value: band, num: true },
    { label: t('col.members'), value: (r) => num(r.members), num: true, cls: () => 'members' },
    { label: t('col.share'), value: (r) => pct(r.share), num: true },
    { label: t('col.cumulative'), value: (r) => pct(r.cumulative_share), num: true },
    { label: t('col.density'), value: (r) => num(r.members_per_km2), num: true },
    { label: t('col.repurchase'), value: (r) => pct(r.repurchase_rate), num: true },
    { label: t('col.vip'), value: (r) => num(r.vip_members), num: true },
  ], report.rings, { class: 'data rings-table' });
}

/** A horizontal bar per ring, members and share written beside it. */
export function ringChart(rings, caption = t('rings.chart')) {
  const rowH = 26;
  const labelW = 90;
  const barW = 260;
  const max = Math.max(1, ...rings.map((r) => r.members));
  const height = rings.length * rowH + 8;
  const chart = svg('svg', { viewBox: `0 0 ${labelW + barW + 110} ${height}`, class: 'ring-chart', role: 'img', 'aria-label': caption });
  chart.append(svg('title', {}, caption));
  rings.forEach((r, i) => {
    const y = 4 + i * rowH;
    const w = (r.members / max) * barW;
    chart.append(
      svg('text', { x: labelW - 8, y: y + rowH / 2 + 4, 'text-anchor': 'end', class: 'label' }, `${ringName(r.ring)}`),
      svg('rect', { x: labelW, y: y + 3, width: Math.max(w, 1), height: rowH - 8, class: r.ring === 'outside' ? 'bar outside' : 'bar', rx: 2 }),
      svg('text', { x: labelW + Math.max(w, 1) + 6, y: y + rowH / 2 + 4, class: 'value' }, `${num(r.members)} · ${pct(r.share)}`),
    );
  });
  return h('figure', { class: 'chart' }, chart, h('figcaption', {}, caption));
}

/** The Rings panel. */
export function renderRings(el, report) {
  const r = report;
  fill(el,
    h('h2', {}, t('rings.title'), ' — ', r.shop.name),
    h('p', {}, t('rings.summary', { members: num(r.members), scope: r.scope, asOf: r.as_of })),
    r.radius_50_m !== null && r.radius_50_m !== undefined
      ? h('p', {}, t('rings.radii', { r50: metres(r.radius_50_m), r70: metres(r.radius_70_m), median: metres(r.median_distance_m) }))
      : null,
    ringChart(r.rings),
    ringTable(r),
  );
}

/** Sector names in report order (the first ring's cells). */
export function sectorsOf(report) {
  const first = report.cells?.[0]?.ring;
  return (report.cells ?? []).filter((c) => c.ring === first).map((c) => c.sector);
}

/**
 * A ring × sector table, each cell shaded by `value(cell)` relative to the largest;
 * `text(cell)` is what it says, `onCell(cell)` makes cells clickable.
 */
export function cellGrid(cells, { value, text, onCell, caption, cellClass }) {
  const rings = [...new Set(cells.map((c) => c.ring))];
  const sectors = [...new Set(cells.map((c) => c.sector))];
  const max = Math.max(1e-9, ...cells.map((c) => value(c) ?? 0));
  const at = new Map(cells.map((c) => [`${c.ring}/${c.sector}`, c]));
  const head = h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('col.ring')), sectors.map((s) => h('th', { scope: 'col', class: 'num' }, sectorName(s)))));
  const body = h('tbody', {}, rings.map((ring) => h('tr', {},
    h('th', { scope: 'row' }, ringName(ring), h('br'), h('small', {}, band(cells.find((c) => c.ring === ring)))),
    sectors.map((s) => {
      const c = at.get(`${ring}/${s}`);
      if (!c) return h('td', {});
      const v = value(c) ?? 0;
      const shade = Math.sqrt(v / max);
      const td = h('td', {
        class: ['num', 'cell', shade > 0.55 ? 'dark' : '', cellClass?.(c) ?? ''].join(' ').trim(),
        style: { '--shade': shade.toFixed(3) },
        title: `${ringName(ring)} · ${sectorName(s)}`,
      }, text(c));
      if (onCell) {
        td.tabIndex = 0;
        td.classList.add('clickable');
        td.addEventListener('click', () => onCell(c));
        td.addEventListener('keydown', (e) => { if (e.key === 'Enter') onCell(c); });
      }
      return td;
    }))));
  return h('table', { class: 'grid' }, caption ? h('caption', {}, caption) : null, head, body);
}

/** The ring × sector panel. */
export function renderGrid(el, report, onCell) {
  fill(el,
    h('h2', {}, t('grid.title'), ' — ', report.shop.name),
    h('p', { class: 'note' }, t('grid.note')),
    cellGrid(report.cells ?? [], { value: (c) => c.members, text: (c) => num(c.members), onCell }),
  );
}

/** Members per sector, all rings together. */
export function sectorTotals(report) {
  const totals = new Map();
  for (const c of report.cells ?? []) totals.set(c.sector, (totals.get(c.sector) ?? 0) + c.members);
  return [...totals].map(([sector, members]) => ({ sector, members }));
}
