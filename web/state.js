// What the user is looking at — shop or what-if site, layers, zoom and centre, sectors,
// language, open panel — and its home in the page address (the hash), so a bookmark or
// a reload reopens the same view.

export const LAYERS = ['basemap', 'rings', 'sectors', 'members', 'vip', 'competitors', 'sparse', 'whitespace'];
/** Layers the server draws into `/api/map.svg`; the others the page draws over it. */
export const SERVER_LAYERS = LAYERS.filter((l) => l !== 'whitespace');
export const DEFAULT_LAYERS = ['basemap', 'rings', 'members', 'vip', 'competitors', 'sparse'];
export const PANELS = ['rings', 'grid', 'segments', 'sparse', 'competition', 'compare', 'review', 'whatif', 'upload', 'downloads'];

function point(text) {
  if (!text) return null;
  const [lat, lon] = text.split(',').map(Number);
  return Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
}

function pointText(p) {
  return `${p.lat.toFixed(6)},${p.lon.toFixed(6)}`;
}

/** The view as the address says, defaults filled in. */
export function readState(hash = location.hash) {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const layers = q.has('layers')
    ? q.get('layers').split(',').filter((l) => LAYERS.includes(l))
    : DEFAULT_LAYERS;
  const sectors = Number(q.get('sectors'));
  const extent = Number(q.get('z'));
  const browserZh = (navigator.language || '').toLowerCase().startsWith('zh');
  return {
    shop: q.get('shop') || '',
    site: point(q.get('site')),
    layers: new Set(layers),
    members: q.get('members') === 'hex' ? 'hex' : 'dots',
    sectors: [4, 8, 16].includes(sectors) ? sectors : 8,
    centre: point(q.get('c')),
    extent: Number.isFinite(extent) && extent > 10 ? extent : null,
    lang: q.get('lang') || (browserZh ? 'zh' : 'en'),
    panel: PANELS.includes(q.get('panel')) ? q.get('panel') : 'rings',
  };
}

/** Writes the view into the address without a new history entry. */
export function writeState(s) {
  const q = new URLSearchParams();
  if (s.shop) q.set('shop', s.shop);
  if (s.site) q.set('site', pointText(s.site));
  q.set('layers', LAYERS.filter((l) => s.layers.has(l)).join(','));
  q.set('members', s.members);
  q.set('sectors', String(s.sectors));
  if (s.centre) q.set('c', pointText(s.centre));
  if (s.extent) q.set('z', String(Math.round(s.extent)));
  q.set('lang', s.lang);
  q.set('panel', s.panel);
  const hash = `#${q.toString()}`;
  if (hash !== location.hash) history.replaceState(null, '', hash);
}
