// The What-if panel: ring counts, sector counts and sparse cells of a candidate site
// (`/api/whatif`), beside the current shop's, and saving the site as an own shop.

import { h, fill, table } from './dom.js';
import { t, num, ringName, sectorName } from './i18n.js';
import { band, sectorTotals } from './rings.js';
import { sparseList } from './sparse.js';

function sectorBars(rows) {
  const max = Math.max(1, ...rows.map((r) => r.members));
  return h('ul', { class: 'sector-bars' }, rows.map((r) => h('li', {},
    h('span', { class: 'sector' }, sectorName(r.sector)),
    h('span', { class: 'bar', style: { width: `${(r.members / max) * 70}%` } }),
    h('span', { class: 'value' }, num(r.members)))));
}

/**
 * `site` {lat, lon} or null; `result` the what-if answer (or null while loading);
 * `shopReport` the current shop's ring report; `actions` = {save(name), clear(), tryAt(place),
 * name (typed so far), setName(name)}.
 */
export function renderWhatIf(el, site, result, error, shopReport, actions) {
  const latIn = h('input', { type: 'number', step: 'any', id: 'whatif-lat', value: site?.lat?.toFixed(6) ?? '', required: true });
  const lonIn = h('input', { type: 'number', step: 'any', id: 'whatif-lon', value: site?.lon?.toFixed(6) ?? '', required: true });
  const nameIn = h('input', {
    type: 'text', id: 'whatif-name', autocomplete: 'off', required: true, value: actions.name ?? '',
    oninput: (e) => actions.setName(e.target.value),
  });
  const coords = h('form', {
    class: 'inline-form',
    onsubmit: (e) => {
      e.preventDefault();
      actions.tryAt({ lat: Number(latIn.value), lon: Number(lonIn.value) });
    },
  }, h('label', {}, t('whatif.lat'), ' ', latIn), h('label', {}, t('whatif.lon'), ' ', lonIn), h('button', {}, t('whatif.go')));

  const rows = result?.rings?.rings ?? [];
  const before = new Map((shopReport?.rings ?? []).map((r) => [String(r.ring), r.members]));
  fill(el,
    h('h2', {}, t('whatif.title')),
    h('p', { class: 'note' }, t('whatif.note')),
    coords,
    site ? h('p', { id: 'whatif-site' }, t('whatif.site', { lat: site.lat.toFixed(5), lon: site.lon.toFixed(5) })) : h('p', {}, t('whatif.none')),
    site ? h('form', {
      class: 'inline-form save-site',
      onsubmit: (e) => {
        e.preventDefault();
        actions.save(nameIn.value.trim());
      },
    }, h('label', {}, t('whatif.name'), ' ', nameIn), h('button', {}, t('whatif.save')),
    h('button', { type: 'button', onclick: actions.clear }, t('whatif.clear'))) : null,
    error ? h('p', { class: 'error', role: 'alert' }, error) : null,
    rows.length ? [
      table([
        { label: t('col.ring'), value: (r) => ringName(r.ring) },
        { label: t('col.distance'), value: band },
        { label: shopReport?.shop?.name ?? t('whatif.compare'), value: (r) => num(before.get(String(r.ring))), num: true, cls: () => 'before' },
        { label: t('whatif.atSite'), value: (r) => num(r.members), num: true, cls: () => 'at-site' },
        { label: 'Δ', value: (r) => (before.has(String(r.ring)) ? num(r.members - before.get(String(r.ring))) : '–'), num: true },
      ], rows, { class: 'data whatif-rings', caption: shopReport ? `${t('whatif.rings')} · ${t('whatif.compare')}: ${shopReport.shop.name}` : t('whatif.rings') }),
      h('h3', {}, t('whatif.sectors')),
      sectorBars(sectorTotals(result.rings)),
      h('h3', {}, t('whatif.sparse')),
      result.sparse ? sparseList(result.sparse) : h('p', {}, t('sparse.error', { error: result.sparse_error ?? '' })),
    ] : null,
  );
}
