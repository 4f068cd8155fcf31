// The Competition panel (`/api/competition`): competitors by distance with our members
// in their rings and nearer to them, the Huff market share per cell, and the overlap of
// own shops.

import { h, fill, table } from './dom.js';
import { t, num, pct, metres } from './i18n.js';
import { cellGrid } from './rings.js';

const FIRST = 12;

/** A table of whatever rows `own_overlap` holds (objects, keys as columns). */
function genericTable(rows) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const show = (v) => {
    if (typeof v === 'number') return Number.isInteger(v) ? num(v) : num(v, 2);
    if (Array.isArray(v)) return v.map(show).join(', ');
    if (v && typeof v === 'object') return v.name ?? JSON.stringify(v);
    return v ?? '–';
  };
  return table(keys.map((k) => ({ label: k, value: (r) => show(r[k]), num: typeof rows[0][k] === 'number' })), rows);
}

export function renderCompetition(el, report, showAll, onShowAll) {
  const comps = report.competitors ?? [];
  const shown = showAll ? comps : comps.slice(0, FIRST);
  const huff = report.huff;
  const overlap = report.own_overlap;
  fill(el,
    h('h2', {}, t('competition.title'), ' — ', report.shop.name),
    huff ? h('p', {}, t('competition.huff', {
      fitted: num(huff.fitted_exponent, 2), default: num(huff.default_exponent, 1), shops: num(huff.shops), members: num(huff.members),
    })) : null,
    h('h3', {}, t('competition.competitors')),
    table([
      { label: t('col.competitor'), value: (c) => c.name },
      { label: t('col.category'), value: (c) => c.category ?? '–' },
      { label: t('col.distance'), value: (c) => metres(c.distance_m), num: true },
      ...(report.radii_m ?? []).map((r, i) => ({ label: t('col.within', { r: metres(r) }), value: (c) => num(c.members_within?.[i]), num: true })),
      { label: t('col.nearer'), value: (c) => `${num(c.members_nearer)} (${pct(c.members_nearer_share, 0)})`, num: true },
    ], shown, { class: 'data competitors' }),
    comps.length > shown.length ? h('button', { type: 'button', onclick: onShowAll }, t('competition.more', { n: num(comps.length) })) : null,
    report.huff_cells?.length ? [
      h('h3', {}, t('competition.cells')),
      cellGrid(report.huff_cells, {
        value: (c) => c.share_fitted,
        text: (c) => (c.homes || c.members ? pct(c.share_fitted, 0) : '–'),
        caption: t('col.shareFitted'),
      }),
    ] : null,
    h('h3', {}, t('competition.overlap')),
    Array.isArray(overlap) && overlap.length ? genericTable(overlap) : h('p', {}, t('competition.noOverlap')),
  );
}
