// The page: loads the workspace's reports for the chosen shop (or what-if site), keeps
// the view in the address, and wires the map, the panels and the controls together.
// Each panel's drawing lives in its own module; this file only decides what to load
// and when to redraw.

import { apiUrl, getJson, postJson } from './api.js';
import { h, fill, throttle } from './dom.js';
import { t, setLang, translate, num } from './i18n.js';
import { readState, writeState, LAYERS, SERVER_LAYERS, PANELS } from './state.js';
import { MapBox } from './map.js';
import { renderRings, renderGrid } from './rings.js';
import { renderSegments } from './segments.js';
import { renderSparse } from './sparse.js';
import { renderCompetition } from './competition.js';
import { renderCompare } from './compare.js';
import { renderReview, REVIEW_PAGE } from './review.js';
import { renderWhatIf } from './whatif.js';
import { UploadPanel } from './upload.js';
import { renderDownloads } from './downloads.js';
import { locate, renderHover } from './hover.js';

const $ = (id) => document.getElementById(id);
const SITE = '\u0000site';
/** Candidate sites the white-space layer shows. */
const WHITESPACE_TOP = 50;

const state = readState();
setLang(state.lang);

/** What the server said, per report; `errors[name]` when a report could not be had. */
const data = {
  status: null, shops: [], rings: null, sparse: null, leaflets: null, competition: null, compare: null,
  segments: null, review: null, whatif: null, errors: {},
};
/** Choices that are not part of the address. */
const ui = {
  selectedCell: null, reviewLevel: '', reviewShown: REVIEW_PAGE, allCompetitors: false,
  mode: null, paper: { paper: 'a4', landscape: false }, hover: null, siteName: '', noSparse: null,
  compareSort: { key: 'shop', dir: 1 },
};

// ---------------------------------------------------------------- shops and status

function currentShop() {
  return data.shops.find((s) => s.name === state.shop) ?? null;
}

/** Whether the shop picked (what-if site or not) is an own shop: sparse areas and
 *  competition are worked out for own shops only. */
function ownShopPicked() {
  return currentShop()?.kind === 'own';
}

/** The shop or site at the centre of the rings. */
function anchor() {
  return state.site ?? currentShop();
}

function areaCentre() {
  const m = /bounds \(lat,lon\): ([-\d.]+),([-\d.]+) to ([-\d.]+),([-\d.]+)/.exec(data.status?.area ?? '');
  if (!m) return null;
  const [a, b, c, d] = m.slice(1).map(Number);
  return { lat: (a + c) / 2, lon: (b + d) / 2 };
}

function renderShopPicker() {
  const select = $('shop');
  const own = data.shops.filter((s) => s.kind === 'own');
  const rivals = data.shops.filter((s) => s.kind !== 'own');
  fill(select,
    state.site ? h('option', { value: SITE, selected: true }, `${t('shop.site')} (${state.site.lat.toFixed(4)}, ${state.site.lon.toFixed(4)})`) : null,
    !data.shops.length && !state.site ? h('option', { value: '' }, t('shop.none')) : null,
    own.length ? h('optgroup', { label: t('shop.own') }, own.map((s) => h('option', { value: s.name, selected: !state.site && s.name === state.shop }, s.name))) : null,
    rivals.length ? h('optgroup', { label: t('shop.competitors') }, rivals.map((s) => h('option', { value: s.name, selected: !state.site && s.name === state.shop }, s.name))) : null,
  );
}

function renderStatus() {
  const s = data.status;
  if (!s) return;
  const m = s.members;
  fill($('status'),
    t('status.members', { located: num(m.located), total: num(m.total) }),
    m.pending ? ` · ${t('status.pending', { n: num(m.pending) })}` : '',
    m.unplaced ? ` · ${t('status.unplaced', { n: num(m.unplaced) })}` : '',
    ` · ${t('status.shops', { own: num(s.own_shops), competitors: num(s.competitors) })}`);
}

/** Tells what to do when the workspace lacks members, an own shop or an area. */
function renderHints() {
  const box = $('hints');
  const s = data.status;
  const hints = [];
  if (s && s.members.total === 0) hints.push([t('hint.noMembers'), 'upload']);
  if (s && s.own_shops === 0) hints.push([t('hint.noShop'), 'whatif']);
  if (s && !s.area) hints.push([t('status.noArea'), 'upload']);
  fill(box, hints.map(([text, panel]) => h('p', { class: 'hint' }, text, ' ',
    h('button', { type: 'button', onclick: () => openPanel(panel) }, t(`tab.${panel}`)))));
}

/** Shows an error plainly, with a button to dismiss it. */
function showError(e) {
  const message = e?.message ?? String(e);
  const shown = [...$('notices').querySelectorAll('.error')].some((n) => n.dataset.message === message);
  if (shown) return;
  const note = h('p', { class: 'error', role: 'alert', dataset: { message } }, h('strong', {}, t('error.prefix')), ' ', message, ' ',
    h('button', { type: 'button', class: 'dismiss', onclick: () => note.remove() }, t('dismiss')));
  $('notices').append(note);
}

function showNotice(text) {
  const note = h('p', { class: 'notice', role: 'status' }, text, ' ',
    h('button', { type: 'button', class: 'dismiss', onclick: () => note.remove() }, t('dismiss')));
  $('notices').append(note);
  setTimeout(() => note.remove(), 8000);
}

// ---------------------------------------------------------------- the map

const map = new MapBox($('map'), {
  hover: (place) => {
    ui.hover = place && anchor() ? locate(place, anchor(), cellSources()) : null;
    renderHover($('hover-body'), ui.hover);
    map.setHighlight(ui.hover?.cell ?? null);
  },
  click: (place) => {
    if (ui.mode?.kind === 'site') {
      setMode(null);
      setSite(place);
    } else if (ui.mode?.kind === 'locate') {
      const { id } = ui.mode;
      setMode(null);
      locateMember(id, place);
    } else if (anchor()) {
      const at = locate(place, anchor(), cellSources());
      if (at.sparse?.sparse && !state.site) {
        selectSparseCell(at.sparse);
        openPanel('sparse');
      } else {
        map.setSelected(at.cell ?? null);
      }
    }
  },
  drag: (place) => {
    if (state.panel !== 'whatif') openPanel('whatif');
    liveWhatIf(place);
  },
  drop: (place) => setSite(place),
  moved: ({ centre, extent }) => {
    state.centre = centre;
    state.extent = extent;
    writeState(state);
  },
  error: (e) => mapFailed(e),
});

/** The ring and sparse reports that hover and clicks read: the site's or the shop's. */
function cellSources() {
  if (state.site) return { rings: data.whatif?.rings, sparse: data.whatif?.sparse };
  return { rings: data.rings, sparse: ownShopPicked() ? data.sparse : null, huffCells: data.competition?.huff_cells };
}

function mapTarget() {
  if (state.site) return { site_lat: state.site.lat.toFixed(6), site_lon: state.site.lon.toFixed(6) };
  return { shop: state.shop };
}

function showMap({ reload = false } = {}) {
  const at = anchor();
  if (!at) {
    map.empty(t('map.empty'));
    return;
  }
  const params = {
    ...mapTarget(),
    layers: SERVER_LAYERS.filter((l) => state.layers.has(l) && layerAvailable(l)).join(','),
    members: state.members,
    lang: state.lang,
    sectors: state.layers.has('sectors') ? state.sectors : null,
  };
  const radii = (state.site ? data.whatif?.rings?.radii_m : data.rings?.radii_m) ?? undefined;
  if (reload) delete $('map').dataset.loaded;
  map.show(params, { lat: at.lat, lon: at.lon }, radii, state.centre, state.extent);
  showWhitespace();
}

/** The white-space layer: the best candidate hexagons (`/api/whitespace`), loaded once
 *  again when the workspace's status changes, and drawn by the map over its image. */
async function showWhitespace() {
  if (!state.layers.has('whitespace') || !layerAvailable('whitespace')) {
    map.setWhitespace(null);
    return;
  }
  const version = JSON.stringify(data.status); // the server answers from its cache otherwise
  if (ui.whitespace?.version !== version) {
    ui.whitespace = { version, sites: null };
    try {
      ui.whitespace.sites = await getJson(apiUrl('whitespace', { top: WHITESPACE_TOP }));
    } catch (e) {
      ui.whitespace = null;
      showError(new Error(t('map.noWhitespace', { error: e.message })));
      map.setWhitespace(null);
      return;
    }
  }
  if (state.layers.has('whitespace')) map.setWhitespace(ui.whitespace?.sites ?? null);
}

/** Sparse cells need the homes of a loaded area around an own shop (or a site);
 *  `ui.noSparse` says why the server could not draw them for this one. */
function layerAvailable(layer) {
  if (layer === 'whitespace') return Boolean(data.status?.area);
  return layer !== 'sparse' || (Boolean(data.status?.area) && !ui.noSparse && (Boolean(state.site) || ownShopPicked()));
}

/** A map the server refused: without sparse cells when they were the cause, else the error. */
function mapFailed(e) {
  const layers = map.params?.layers ?? '';
  if (layers.split(',').includes('sparse') && (e.status === 409 || e.status === 422)) {
    ui.noSparse = e.message;
    renderLayers();
    showMap();
    showError(new Error(t('map.noSparse', { error: e.message })));
    return;
  }
  showError(e);
}

function setMode(mode) {
  ui.mode = mode;
  const text = mode?.kind === 'site' ? t('map.trySite.on') : mode?.kind === 'locate' ? t('map.locating', { id: mode.id }) : '';
  $('mode').hidden = !mode;
  $('mode-text').textContent = text;
  $('try-site').setAttribute('aria-pressed', String(mode?.kind === 'site'));
  $('map').classList.toggle('picking', Boolean(mode));
  if (mode) $('map').focus();
}

/** Forgets what was under the pointer (the cells it named belong to another centre). */
function clearHover() {
  ui.hover = null;
  renderHover($('hover-body'), null);
  map.setHighlight(null);
}

// ---------------------------------------------------------------- what-if

let whatifSerial = 0;

async function fetchWhatIf(place) {
  const serial = ++whatifSerial;
  try {
    const r = await getJson(apiUrl('whatif', { lat: place.lat.toFixed(6), lon: place.lon.toFixed(6), sectors: state.sectors }));
    if (serial !== whatifSerial) return;
    data.whatif = r;
    data.whatifAt = place;
    delete data.errors.whatif;
  } catch (e) {
    if (serial !== whatifSerial) return;
    data.errors.whatif = e.message;
  }
  renderPanel('whatif');
}

const liveWhatIf = throttle(fetchWhatIf, 200);

async function setSite(place) {
  state.site = place;
  ui.noSparse = null;
  renderLayers();
  clearHover();
  writeState(state);
  renderShopPicker();
  openPanel('whatif');
  await fetchWhatIf(place);
  showMap();
  renderPanel('downloads');
}

function clearSite() {
  state.site = null;
  ui.noSparse = null;
  renderLayers();
  clearHover();
  data.whatif = null;
  whatifSerial++;
  writeState(state);
  renderShopPicker();
  renderPanel('whatif');
  renderPanel('downloads');
  showMap();
}

async function saveSite(name) {
  try {
    const shop = await postJson(apiUrl('shops'), { name, lat: state.site.lat, lon: state.site.lon, kind: 'own' });
    const warnings = (shop.warnings ?? []).map((w) => w.message);
    showNotice([t('whatif.saved', { name: shop.name }), ...warnings].join(' '));
    ui.siteName = '';
    state.site = null;
    state.shop = shop.name;
    state.centre = null;
    openPanel('rings');
    await loadAll({ reload: true });
  } catch (e) {
    showError(e);
  }
}

// ---------------------------------------------------------------- review and sparse cells

async function locateMember(id, place) {
  try {
    await postJson(apiUrl(`members/${encodeURIComponent(id)}/locate`), { lat: place.lat, lon: place.lon });
    showNotice(t('review.placed', { id }));
    await loadAll({ reload: true });
  } catch (e) {
    showError(e);
  }
}

function selectSparseCell(cell) {
  ui.selectedCell = cell?.cell ?? null;
  map.setSelected(cell ?? null);
  renderPanel('sparse');
}

// ---------------------------------------------------------------- panels

function loading(el, name) {
  if (data.errors[name]) fill(el, h('p', { class: 'error', role: 'alert' }, data.errors[name]));
  else fill(el, h('p', { class: 'muted' }, t('loading')));
}

/** The hint shown where a report needs a shop and none is picked. */
function noShop(el) {
  fill(el, h('p', { class: 'hint' }, t('hint.noShop')));
}

const renderers = {
  rings: (el) => {
    if (!currentShop()) return noShop(el);
    return data.rings ? renderRings(el, data.rings) : loading(el, 'rings');
  },
  grid: (el) => {
    if (!currentShop()) return noShop(el);
    return data.rings ? renderGrid(el, data.rings, (c) => map.setSelected(c)) : loading(el, 'rings');
  },
  segments: (el) => (data.segments ? renderSegments(el, data.segments, data.rings) : loading(el, 'segments')),
  sparse: (el) => {
    if (!currentShop()) return noShop(el);
    if (!ownShopPicked()) return fill(el, h('p', { class: 'hint' }, t('hint.competitorOnly')));
    if (!data.sparse) return loading(el, 'sparse');
    return renderSparse(el, data.sparse, data.leaflets, ui.selectedCell, selectSparseCell);
  },
  competition: (el) => {
    if (!currentShop()) return noShop(el);
    if (!ownShopPicked()) return fill(el, h('p', { class: 'hint' }, t('hint.competitorOnly')));
    if (!data.competition) return loading(el, 'competition');
    return renderCompetition(el, data.competition, ui.allCompetitors, () => {
      ui.allCompetitors = true;
      renderPanel('competition');
    });
  },
  compare: (el) => {
    if (!data.shops.some((s) => s.kind === 'own')) return fill(el, h('p', { class: 'hint' }, t('compare.none')));
    if (!data.compare) return loading(el, 'compare');
    const outer = data.compare.radii_m[data.compare.radii_m.length - 1] ?? 1000;
    return renderCompare(el, data.compare, ui.compareSort, (key) => {
      const same = ui.compareSort.key === key;
      // A figure sorts largest first at the first click, a name A to Z.
      ui.compareSort = { key, dir: same ? -ui.compareSort.dir : (key === 'shop' ? 1 : -1) };
      renderPanel('compare');
    }, { extent_m: Math.round(outer * 1.12), lang: state.lang });
  },
  review: (el) => {
    if (!data.review) return loading(el, 'review');
    return renderReview(el, data.review, { level: ui.reviewLevel, shown: ui.reviewShown }, {
      locate: locateMember,
      pick: (id) => setMode({ kind: 'locate', id }),
      filter: (level) => {
        ui.reviewLevel = level;
        ui.reviewShown = REVIEW_PAGE;
        renderPanel('review');
      },
      more: () => {
        ui.reviewShown += REVIEW_PAGE;
        renderPanel('review');
      },
    });
  },
  whatif: (el) => renderWhatIf(el, state.site, state.site ? data.whatif : null, data.errors.whatif, currentShop() ? data.rings : null, {
    save: saveSite,
    clear: clearSite,
    name: ui.siteName,
    setName: (name) => { ui.siteName = name; },
    tryAt: (place) => (Number.isFinite(place.lat) && Number.isFinite(place.lon) ? setSite(place) : null),
  }),
  upload: () => upload.render(),
  downloads: (el) => {
    if (!anchor()) return noShop(el);
    return renderDownloads(el, mapTarget(), {
      shop: currentShop()?.name, ownShop: ownShopPicked(),
      lang: state.lang, sectors: state.sectors, layers: state.layers, members: state.members,
    }, ui.paper, (paper) => {
      ui.paper = paper;
      renderPanel('downloads');
    });
  },
};

function renderPanel(name) {
  renderers[name]($(`panel-${name}`));
}

function renderAllPanels() {
  for (const name of PANELS) renderPanel(name);
}

function renderTabs() {
  fill($('tabs'), PANELS.map((name) => h('button', {
    type: 'button', role: 'tab', id: `tab-${name}`, 'aria-controls': `panel-${name}`,
    'aria-selected': String(state.panel === name), tabindex: state.panel === name ? 0 : -1,
    onclick: () => openPanel(name),
    onkeydown: (e) => {
      const i = PANELS.indexOf(name);
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1 }[e.key];
      if (next !== undefined) {
        openPanel(PANELS[(next + PANELS.length) % PANELS.length]);
        $(`tab-${state.panel}`).focus();
      }
    },
  }, t(`tab.${name}`))));
  for (const name of PANELS) {
    const el = $(`panel-${name}`);
    el.hidden = state.panel !== name;
    el.setAttribute('aria-labelledby', `tab-${name}`);
  }
}

function openPanel(name) {
  state.panel = name;
  writeState(state);
  renderTabs();
}

const upload = new UploadPanel($('panel-upload'), () => loadAll({ reload: true }), null);

// ---------------------------------------------------------------- loading

/** Loads one report into `data[name]` (`pick` takes it from the answer), then redraws
 *  the panels that show it. */
async function load(name, url, panels, pick = (x) => x) {
  try {
    data[name] = pick(await getJson(url));
    delete data.errors[name];
  } catch (e) {
    data[name] = null;
    data.errors[name] = e.message;
  }
  for (const p of panels) renderPanel(p);
}

/** Loads the reports of the current shop (and the site, if any). */
function loadReports() {
  const shop = state.shop;
  const sectors = state.sectors;
  const jobs = [load('segments', apiUrl('segments'), ['segments']), load('review', apiUrl('review'), ['review'])];
  if (data.shops.some((s) => s.kind === 'own')) jobs.push(load('compare', apiUrl('compare'), ['compare']));
  if (currentShop()) {
    jobs.push(load('rings', apiUrl('rings', { shop, cells: true, sectors }), ['rings', 'grid', 'segments', 'whatif'], (all) => all[0]).then(() => {
      if (!state.site && data.rings) map.radii = data.rings.radii_m;
    }));
  } else {
    data.rings = null;
  }
  if (ownShopPicked()) {
    jobs.push(load('sparse', apiUrl('sparse', { shop, sectors }), ['sparse']));
    jobs.push(load('leaflets', apiUrl('leaflets', { shop, sectors }), ['sparse']));
    jobs.push(load('competition', apiUrl('competition', { shop, sectors }), ['competition']));
  }
  if (state.site) jobs.push(fetchWhatIf(state.site));
  return Promise.all(jobs);
}

async function loadAll({ reload = false } = {}) {
  ui.noSparse = null;
  try {
    [data.status, data.shops] = await Promise.all([getJson(apiUrl('status')), getJson(apiUrl('shops'))]);
  } catch (e) {
    showError(e);
    return;
  }
  if (!currentShop()) {
    const own = data.shops.find((s) => s.kind === 'own');
    state.shop = own?.name ?? '';
    if (!own && !state.site) state.site = areaCentre();
  }
  writeState(state);
  renderShopPicker();
  renderStatus();
  renderHints();
  renderLayers();
  renderAllPanels();
  showMap({ reload });
  await loadReports();
}

// ---------------------------------------------------------------- controls

function renderLayers() {
  fill($('layers'), LAYERS.map((layer) => h('label', { class: 'layer', title: layerAvailable(layer) ? null : (ui.noSparse ?? (data.status?.area ? t('hint.competitorOnly') : t('status.noArea'))) },
    h('input', {
      type: 'checkbox', name: 'layer', value: layer, id: `layer-${layer}`, checked: state.layers.has(layer),
      disabled: !layerAvailable(layer),
      onchange: (e) => {
        if (e.target.checked) state.layers.add(layer);
        else state.layers.delete(layer);
        writeState(state);
        showMap();
        renderPanel('downloads');
      },
    }), ' ', t(`layer.${layer}`))));
}

function relabel() {
  translate();
  renderLayers();
  renderShopPicker();
  renderStatus();
  renderHints();
  renderTabs();
  renderAllPanels();
  renderHover($('hover-body'), ui.hover);
  setMode(ui.mode);
}

function wireControls() {
  $('shop').addEventListener('change', (e) => {
    if (e.target.value === SITE) return;
    state.shop = e.target.value;
    state.site = null;
    ui.noSparse = null;
    renderLayers();
    state.centre = null;
    ui.selectedCell = null;
    map.setSelected(null);
    clearHover();
    data.sparse = data.leaflets = data.competition = data.whatif = null;
    writeState(state);
    renderShopPicker();
    renderAllPanels();
    showMap();
    loadReports();
  });
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    setLang(state.lang);
    writeState(state);
    relabel();
    showMap();
  });
  $('member-style').value = state.members;
  $('member-style').addEventListener('change', (e) => {
    state.members = e.target.value;
    writeState(state);
    showMap();
    renderPanel('downloads');
  });
  $('sectors').value = String(state.sectors);
  $('sectors').addEventListener('change', (e) => {
    state.sectors = Number(e.target.value);
    ui.selectedCell = null;
    map.setSelected(null);
    writeState(state);
    showMap();
    loadReports();
  });
  $('zoom-in').addEventListener('click', () => map.zoom(1.5));
  $('zoom-out').addEventListener('click', () => map.zoom(1 / 1.5));
  $('reset').addEventListener('click', () => {
    state.centre = null;
    state.extent = null;
    map.reset();
  });
  $('try-site').addEventListener('click', () => setMode(ui.mode?.kind === 'site' ? null : { kind: 'site' }));
  $('mode-cancel').addEventListener('click', () => setMode(null));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && ui.mode) setMode(null);
  });
}

wireControls();
relabel();
loadAll();
