// The Downloads panel: the printable map (PDF/PNG/SVG on paper) and every table as
// CSV, JSON or GeoJSON, as plain links the browser saves.

import { apiUrl } from './api.js';
import { h, fill } from './dom.js';
import { t } from './i18n.js';

const FORMAT_NAMES = { csv: 'CSV', json: 'JSON', geojson: 'GeoJSON', pdf: 'PDF', png: 'PNG', svg: 'SVG' };

function link(label, url, name) {
  return h('a', { href: url, download: name, class: 'download' }, label);
}

/**
 * `target` = map query parameters of the shop or site ({shop} or {site_lat, site_lon});
 * `opts` = {shop (the shop picked, for the tables), ownShop (it is an own shop), lang,
 * sectors, layers, members}; `paper` = {paper, landscape}
 * (kept by the caller across renders), `onPaper(paper)`.
 */
export function renderDownloads(el, target, opts, paper, onPaper) {
  const mapParams = (format) => ({
    ...target,
    format,
    paper: paper.paper,
    landscape: paper.landscape,
    lang: opts.lang,
    sectors: opts.layers.has('sectors') ? opts.sectors : null,
    members: opts.members,
    sparse: opts.layers.has('sparse') && (opts.ownShop || !target.shop) ? true : null,
  });
  const shop = opts.shop ? { shop: opts.shop } : {};
  const sectors = { sectors: opts.sectors };
  const tables = [
    ['downloads.rings', 'rings', { ...shop, ...sectors, cells: true }, ['csv', 'json', 'geojson']],
    opts.ownShop ? ['downloads.sparse', 'sparse', { ...shop, ...sectors }, ['csv', 'json', 'geojson']] : null,
    opts.ownShop ? ['downloads.leaflets', 'leaflets', { ...shop, ...sectors }, ['csv', 'json']] : null,
    opts.ownShop ? ['downloads.competition', 'competition', { ...shop, ...sectors }, ['csv', 'json', 'geojson']] : null,
    ['downloads.segments', 'segments', {}, ['csv', 'json']],
    ['downloads.review', 'review', {}, ['csv', 'json']],
  ].filter(Boolean);
  const paperSelect = h('select', { id: 'paper', onchange: (e) => onPaper({ ...paper, paper: e.target.value }) },
    Object.entries({ a4: 'A4', a3: 'A3', letter: 'Letter' }).map(([p, name]) => h('option', { value: p, selected: paper.paper === p }, name)));
  const landscape = h('input', { type: 'checkbox', id: 'landscape', checked: paper.landscape, onchange: (e) => onPaper({ ...paper, landscape: e.target.checked }) });
  fill(el,
    h('h2', {}, t('downloads.title')),
    h('h3', {}, t('downloads.map')),
    h('p', { class: 'inline-form' },
      h('label', {}, t('downloads.paper'), ' ', paperSelect),
      h('label', {}, landscape, ' ', t('downloads.landscape'))),
    h('p', { class: 'links' }, ['pdf', 'png', 'svg'].map((f) => link(FORMAT_NAMES[f], apiUrl('map', mapParams(f)), `map.${f}`))),
    h('h3', {}, t('downloads.tables')),
    h('table', { class: 'data downloads' }, h('tbody', {}, tables.map(([label, path, params, formats]) => h('tr', {},
      h('th', { scope: 'row' }, t(label)),
      h('td', { class: 'links' }, formats.map((f) => link(FORMAT_NAMES[f], apiUrl(path, { ...params, format: f }), `${path}.${f}`))))))),
    opts.ownShop ? [
      h('h3', {}, t('downloads.campaign')),
      h('p', { class: 'warning' }, t('downloads.campaignNote')),
      h('p', { class: 'links' }, link('CSV', apiUrl('campaign.csv', { ...shop, ...sectors }), 'campaign.csv')),
    ] : null,
  );
}
