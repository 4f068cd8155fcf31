// The sparse-area report (`/api/sparse`) and leaflet plan (`/api/leaflets`): which cells
// hold fewer members than expected, why (reasons with their evidence), and which
// streets to leaflet there.

import { h, fill, table } from './dom.js';
import { t, num, pct, metres, sectorName, ringName } from './i18n.js';
import { band } from './rings.js';

/** A q-value as people read it: `< 0.0001` rather than a row of zeros. */
function qText(q) {
  if (q === null || q === undefined) return '–';
  return q < 0.0001 ? `< ${num(0.0001, 4)}` : num(q, 4);
}

export function reasonName(r) {
  return t(`reason.${r}`);
}

function reasonList(reasons) {
  if (!reasons?.length) return h('span', { class: 'muted' }, '–');
  return h('span', { class: 'reasons' }, reasons.map((r) => h('span', { class: `tag reason-${r}` }, reasonName(r))));
}

function evidenceItems(evidence) {
  const items = [];
  for (const c of evidence?.competitors ?? []) {
    items.push(t('evidence.competitor', {
      name: c.name, d: metres(c.distance_to_cell_m), s: metres(c.shop_distance_to_cell_m),
      inCell: t(c.in_cell ? 'evidence.inCell' : 'evidence.nearby'),
    }));
  }
  for (const b of evidence?.barriers ?? []) {
    items.push(t('evidence.barrier', { name: b.barrier, share: pct(b.homes_behind_share, 0) }));
  }
  const u = evidence?.uncertain;
  if (u) {
    const text = typeof u === 'object' ? Object.entries(u).map(([k, v]) => `${k}: ${typeof v === 'number' ? num(v, 2) : v}`).join(', ') : String(u);
    items.push(`${reasonName('uncertain')}: ${text}`);
  }
  return items;
}

/** One cell's reasons, evidence and leaflet streets. */
export function cellDetails(cell, plan) {
  const evidence = evidenceItems(cell.evidence);
  const streets = plan?.route?.streets ?? [];
  return h('article', { class: 'cell-details', 'aria-live': 'polite', id: 'sparse-details' },
    h('h3', {}, t('sparse.cell', { cell: `${ringName(cell.ring)} · ${sectorName(cell.sector)}` }), ' ', h('small', {}, band(cell))),
    h('p', {}, t('sparse.cellFacts', {
      members: num(cell.members), expected: num(cell.expected, 1), missing: num(cell.missing, 1),
      homes: num(cell.homes), q: qText(cell.q_value),
    })),
    h('p', {}, reasonList(cell.reasons)),
    cell.reasons?.length ? h('ul', { class: 'evidence' }, evidence.map((e) => h('li', {}, e))) : h('p', {}, t('sparse.noReason')),
    h('h4', {}, t('sparse.leaflets')),
    plan
      ? [
        h('p', {}, t('sparse.leafletsFor', { cell: cell.cell, homes: num(plan.route?.homes), walk: metres(plan.route?.walk_m) })),
        streets.length
          ? table([
            { label: t('col.order'), value: (s) => num(s.order), num: true },
            { label: t('col.street'), value: (s) => s.street },
            { label: t('col.homes'), value: (s) => num(s.homes), num: true },
            { label: t('col.nearest'), value: (s) => metres(s.nearest_m), num: true },
          ], streets.map((s, i) => ({ ...s, order: i + 1 })), { class: 'data leaflet-streets' })
          : h('p', {}, t('sparse.noStreets')),
      ]
      : h('p', {}, t('sparse.noStreets')),
  );
}

/** The Sparse panel; `selected` is a cell id (`2-E`), `onSelect(cell)` picks one. */
export function renderSparse(el, report, leaflets, selected, onSelect) {
  const sparse = report.cells.filter((c) => c.sparse).sort((a, b) => b.missing - a.missing);
  const tested = report.cells.filter((c) => c.tested && !c.sparse).sort((a, b) => b.missing - a.missing);
  const cell = report.cells.find((c) => c.cell === selected);
  const plan = (leaflets ?? []).find((p) => p.cell === selected);
  fill(el,
    h('h2', {}, t('sparse.title'), ' — ', report.shop.name),
    h('p', {}, t('sparse.summary', { sparse: num(report.sparse_cells), tested: num(report.tested_cells), flags: num(report.expected_false_flags, 2) })),
    h('p', { class: 'note' }, t('sparse.model', { text: report.model_text })),
    (report.notes ?? []).map((n) => h('p', { class: 'note' }, n)),
    cell ? cellDetails(cell, plan) : h('p', { class: 'hint', id: 'sparse-details' }, sparse.length ? t('sparse.pick') : t('sparse.none')),
    table([
      { label: t('col.cell'), value: (c) => `${ringName(c.ring)} · ${sectorName(c.sector)}` },
      { label: t('col.members'), value: (c) => num(c.members), num: true },
      { label: t('col.expected'), value: (c) => num(c.expected, 1), num: true },
      { label: t('col.missing'), value: (c) => num(c.missing, 1), num: true },
      { label: t('col.reasons'), value: (c) => reasonList(c.reasons) },
      { label: t('col.q'), value: (c) => qText(c.q_value), num: true },
    ], [...sparse, ...tested], {
      class: 'data sparse-table',
      onRow: onSelect,
      rowClass: (c) => [c.sparse ? 'sparse' : '', c.cell === selected ? 'selected' : ''].join(' ').trim() || null,
    }),
  );
}

/** The sparse cells of a what-if site, briefly. */
export function sparseList(report) {
  const sparse = report.cells.filter((c) => c.sparse).sort((a, b) => b.missing - a.missing);
  if (!sparse.length) return h('p', {}, t('sparse.none'));
  return table([
    { label: t('col.cell'), value: (c) => `${ringName(c.ring)} · ${sectorName(c.sector)}` },
    { label: t('col.members'), value: (c) => num(c.members), num: true },
    { label: t('col.expected'), value: (c) => num(c.expected, 1), num: true },
    { label: t('col.reasons'), value: (c) => reasonList(c.reasons) },
  ], sparse, { class: 'data whatif-sparse' });
}
