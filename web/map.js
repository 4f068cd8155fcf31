// The map box: the server draws the map (`/api/map.svg` in view mode, like a WMS
// GetMap) for the box's size, centre and zoom; this module asks for it again as the
// user pans and zooms, moves the last image meanwhile, turns pointer positions into
// places (from the X-Map-Centre and X-Map-Metres-Per-Pixel headers), and carries the
// draggable shop marker and a light overlay (hovered cell, rings while dragging).

import { apiUrl, request } from './api.js';
import { View, moved } from './geo.js';
import { h, debounce } from './dom.js';
import { t } from './i18n.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MIN_EXTENT = 60;
const MAX_EXTENT = 150000;
const CLICK_SLOP = 4;

function svg(tag, attrs = {}) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** The annulus wedge (or ring, or disc) around `centre` as an SVG path, in pixels. */
function wedgePath(view, centre, inner, outer, from, to) {
  const c = view.toPixel(centre);
  const r0 = inner / view.mpp;
  const r1 = outer / view.mpp;
  const full = from === to || to - from >= 360 || (from === 0 && to === 360);
  if (full) {
    const circle = (r) => `M${c.x + r},${c.y}A${r},${r} 0 1 0 ${c.x - r},${c.y}A${r},${r} 0 1 0 ${c.x + r},${c.y}Z`;
    return circle(r1) + (r0 > 0 ? circle(r0) : '');
  }
  const span = ((to - from) % 360 + 360) % 360;
  const large = span > 180 ? 1 : 0;
  const at = (r, b) => {
    const a = (b * Math.PI) / 180;
    return `${(c.x + r * Math.sin(a)).toFixed(1)},${(c.y - r * Math.cos(a)).toFixed(1)}`;
  };
  return `M${at(r0, from)}L${at(r1, from)}A${r1},${r1} 0 ${large} 1 ${at(r1, to)}`
    + `L${at(r0, to)}${r0 > 0 ? `A${r0},${r0} 0 ${large} 0 ${at(r0, from)}` : ''}Z`;
}

export class MapBox {
  /**
   * `el`: the box. `handlers`: `hover(place|null)`, `click(place)`, `drag(place)` while
   * the shop marker moves, `drop(place)` when it is let go, `moved({centre, extent})`
   * after a pan or zoom, `error(Error)`.
   */
  constructor(el, handlers) {
    this.el = el;
    this.handlers = handlers;
    this.params = null; // what the map shows, without the view (see show())
    this.anchor = null; // the shop or site: {lat, lon}
    this.radii = [150, 300, 450, 600, 1000];
    this.image = null; // View the current image was drawn for
    this.shown = null; // View the user sees now (the image moved/zoomed meanwhile)
    this.viewMode = true; // false when the server drew a printable page instead
    this.highlight = null;
    this.selected = null;
    this.whitespace = null; // candidate sites drawn over the image, best first
    this.dragSite = null;
    this.pending = null;
    this.serial = 0;

    this.img = h('img', { class: 'map-image', alt: '', draggable: 'false' });
    this.overlay = svg('svg', { class: 'map-overlay', 'aria-hidden': 'true' });
    this.marker = h('button', {
      type: 'button', class: 'shop-marker', 'data-i18n-aria': 'map.shopMarker', 'data-i18n-title': 'map.shopMarker',
    }, h('span', { class: 'pin', 'aria-hidden': 'true' }));
    this.marker.hidden = true;
    this.note = h('p', { class: 'map-note', role: 'status', hidden: true });
    this.busy = h('div', { class: 'map-busy', hidden: true }, t('map.loading'));
    el.append(this.img, this.overlay, this.marker, this.busy, this.note);

    this.requestSoon = debounce(() => this.request(), 250);
    this.listen();
    new ResizeObserver(debounce(() => this.resized(), 150)).observe(el);
  }

  size() {
    return { width: Math.max(100, Math.round(this.el.clientWidth)), height: Math.max(100, Math.round(this.el.clientHeight)) };
  }

  /** Shows `params` (map query parameters other than the view), `anchor` and `radii`;
   *  `centre` and `extent` give the view (null: around the anchor, all rings). */
  show(params, anchor, radii, centre, extent) {
    if (this.el.classList.contains('empty')) {
      this.el.classList.remove('empty');
      this.note.hidden = true;
    }
    this.params = params;
    this.anchor = anchor;
    this.radii = radii?.length ? radii : this.radii;
    const { width, height } = this.size();
    const ext = Math.min(MAX_EXTENT, Math.max(MIN_EXTENT, extent ?? this.radii[this.radii.length - 1] * 1.12));
    const mpp = ext / (Math.min(width, height) / 2);
    this.shown = new View(centre ?? anchor ?? { lat: 0, lon: 0 }, mpp, width, height);
    if (!this.image) this.image = this.shown;
    this.place();
    this.request();
  }

  /** Nothing to draw (no shop, no site): says so instead. */
  empty(message) {
    this.params = null;
    this.anchor = null;
    this.pending?.abort();
    this.img.removeAttribute('src');
    this.img.hidden = true;
    this.marker.hidden = true;
    this.note.textContent = message;
    this.note.hidden = false;
    this.el.classList.add('empty');
    delete this.el.dataset.loaded;
  }

  /** The metres from the centre to the nearer edge of what is shown. */
  extent() {
    return this.shown.mpp * Math.min(this.shown.width, this.shown.height) / 2;
  }

  /** The request for the current view. */
  url() {
    const v = this.shown;
    return apiUrl('map.svg', {
      ...this.params,
      view: true,
      width: v.width,
      height: v.height,
      centre_lat: v.centre.lat.toFixed(6),
      centre_lon: v.centre.lon.toFixed(6),
      extent_m: Math.round(this.extent()),
    });
  }

  async request() {
    if (!this.params || !this.shown) return;
    const url = this.url();
    if (url === this.el.dataset.loaded || url === this.pendingUrl) return;
    this.pending?.abort();
    this.pending = new AbortController();
    this.pendingUrl = url;
    const serial = ++this.serial;
    this.el.dataset.request = url;
    this.el.setAttribute('aria-busy', 'true');
    this.busy.textContent = t('map.loading');
    const busyTimer = setTimeout(() => { this.busy.hidden = false; }, 300);
    try {
      const response = await request(url, { signal: this.pending.signal });
      const centre = response.headers.get('X-Map-Centre');
      const mpp = Number(response.headers.get('X-Map-Metres-Per-Pixel'));
      const blob = await response.blob();
      const next = h('img', { class: 'map-image', alt: t('map.label'), draggable: 'false' });
      next.src = URL.createObjectURL(blob);
      await next.decode();
      if (serial !== this.serial) {
        URL.revokeObjectURL(next.src);
        return;
      }
      const [lat, lon] = (centre ?? '').split(',').map(Number);
      this.viewMode = Number.isFinite(lat) && Number.isFinite(lon) && mpp > 0;
      this.image = this.viewMode ? new View({ lat, lon }, mpp, this.shown.width, this.shown.height) : this.shown;
      this.note.hidden = this.viewMode;
      this.note.textContent = this.viewMode ? '' : t('map.noView');
      this.el.classList.toggle('printable', !this.viewMode);
      this.el.classList.remove('empty');
      URL.revokeObjectURL(this.img.src);
      this.img.replaceWith(next);
      this.img = next;
      this.el.dataset.loaded = url;
      this.place();
    } catch (e) {
      if (e.name !== 'AbortError' && serial === this.serial) this.handlers.error?.(e);
    } finally {
      if (serial === this.serial) {
        clearTimeout(busyTimer);
        this.busy.hidden = true;
        this.pendingUrl = null;
        this.el.removeAttribute('aria-busy');
      } else {
        clearTimeout(busyTimer);
      }
    }
  }

  /** Moves the image, marker and overlay to match what is shown. */
  place() {
    const img = this.image;
    const v = this.shown;
    if (v) {
      // print keeps the box at the size the image was drawn for
      this.el.style.setProperty('--map-w', `${v.width}px`);
      this.el.style.setProperty('--map-h', `${v.height}px`);
    }
    if (this.viewMode && img && v) {
      const k = img.mpp / v.mpp;
      const c = v.toPixel(img.centre);
      const tx = c.x - (img.width / 2) * k;
      const ty = c.y - (img.height / 2) * k;
      Object.assign(this.img.style, {
        width: `${img.width}px`, height: `${img.height}px`, transform: `translate(${tx}px, ${ty}px) scale(${k})`,
      });
    } else {
      Object.assign(this.img.style, { width: '100%', height: '100%', transform: '' });
    }
    const at = this.dragSite ?? this.anchor;
    this.marker.hidden = !(this.viewMode && at);
    if (at && v) {
      const p = v.toPixel(at);
      this.marker.style.transform = `translate(${p.x}px, ${p.y}px)`;
    }
    this.drawOverlay();
  }

  /** Outlines a cell `{inner_m, outer_m, bearing_from_deg, bearing_to_deg}` (null: none). */
  setHighlight(cell) {
    this.highlight = cell;
    this.drawOverlay();
  }

  /** Shows candidate sites `[{rank, net_gain, boundary: [[lon, lat], …]}]` (null: none). */
  setWhitespace(sites) {
    this.whitespace = sites?.length ? sites : null;
    this.el.dataset.whitespace = String(this.whitespace?.length ?? 0);
    this.drawOverlay();
  }

  setSelected(cell) {
    this.selected = cell;
    this.drawOverlay();
  }

  drawOverlay() {
    const v = this.shown;
    this.overlay.replaceChildren();
    if (!v || !this.viewMode) return;
    this.overlay.setAttribute('viewBox', `0 0 ${v.width} ${v.height}`);
    if (this.whitespace) this.drawWhitespace(v);
    const centre = this.dragSite ?? this.anchor;
    if (this.dragSite) {
      for (const r of this.radii) {
        this.overlay.append(svg('path', { class: 'drag-ring', d: wedgePath(v, centre, 0, r, 0, 360) }));
      }
    }
    for (const [cell, cls] of [[this.selected, 'selected-cell'], [this.highlight, 'hover-cell']]) {
      if (!cell || !centre || this.dragSite) continue;
      const outer = cell.outer_m ?? cell.inner_m * 1.5;
      this.overlay.append(svg('path', {
        class: cls, d: wedgePath(v, centre, cell.inner_m, outer, cell.bearing_from_deg ?? 0, cell.bearing_to_deg ?? 360),
      }));
    }
  }

  /** Hexagons shaded by net gain (darkest the best), the best ten numbered. */
  drawWhitespace(v) {
    const gains = this.whitespace.map((s) => s.net_gain);
    const hi = Math.max(...gains);
    const lo = Math.min(...gains, 0);
    const group = svg('g', { class: 'whitespace' });
    for (const s of [...this.whitespace].reverse()) {
      const pts = s.boundary.map(([lon, lat]) => v.toPixel({ lat, lon }));
      const k = hi > lo ? (s.net_gain - lo) / (hi - lo) : 1;
      group.append(svg('polygon', {
        class: 'whitespace-hex',
        points: pts.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' '),
        'fill-opacity': (0.15 + 0.6 * k).toFixed(2),
        'data-rank': s.rank,
      }));
      if (s.rank <= 10) {
        const c = v.toPixel({ lat: s.lat, lon: s.lon });
        const label = svg('text', { class: 'whitespace-rank', x: c.x.toFixed(1), y: c.y.toFixed(1) });
        label.textContent = String(s.rank);
        group.append(label);
      }
    }
    this.overlay.append(group);
  }

  /** The place under a pointer event, or null when pointer positions mean nothing. */
  placeOf(e) {
    if (!this.viewMode || !this.shown) return null;
    const r = this.el.getBoundingClientRect();
    return this.shown.toLatLon(e.clientX - r.left, e.clientY - r.top);
  }

  /** The view zoomed by `k` around pixel (x, y), which keeps its place. */
  zoomedAt(k, x = this.shown.width / 2, y = this.shown.height / 2) {
    const v = this.shown;
    const half = Math.min(v.width, v.height) / 2;
    const mpp = Math.min(MAX_EXTENT, Math.max(MIN_EXTENT, (v.mpp / k) * half)) / half;
    const fixed = v.toLatLon(x, y);
    return new View(moved(fixed, (v.width / 2 - x) * mpp, (y - v.height / 2) * mpp), mpp, v.width, v.height);
  }

  /** The view moved by (dx, dy) pixels from `v` (the map follows the pointer). */
  static panned(v, dx, dy) {
    return new View(moved(v.centre, -dx * v.mpp, dy * v.mpp), v.mpp, v.width, v.height);
  }

  setShown(view, settle = true) {
    this.shown = view;
    this.place();
    if (settle) {
      this.handlers.moved?.({ centre: view.centre, extent: this.extent() });
      this.requestSoon();
    }
  }

  zoom(k) {
    if (this.shown) this.setShown(this.zoomedAt(k));
  }

  /** Back to the anchor at the default zoom. */
  reset() {
    if (!this.anchor) return;
    const { width, height } = this.size();
    const ext = this.radii[this.radii.length - 1] * 1.12;
    this.setShown(new View(this.anchor, ext / (Math.min(width, height) / 2), width, height));
  }

  resized() {
    if (!this.shown) return;
    const { width, height } = this.size();
    if (width === this.shown.width && height === this.shown.height) return;
    const ext = this.extent();
    this.shown = new View(this.shown.centre, ext / (Math.min(width, height) / 2), width, height);
    this.place();
    this.requestSoon();
  }

  listen() {
    const el = this.el;
    let drag = null;

    el.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || !this.shown) return;
      const onMarker = this.marker.contains(e.target) && this.viewMode;
      drag = { x: e.clientX, y: e.clientY, start: this.shown, marker: onMarker, moved: false };
      el.setPointerCapture(e.pointerId);
      if (onMarker) e.preventDefault();
    });

    el.addEventListener('pointermove', (e) => {
      if (!drag) {
        this.handlers.hover?.(this.placeOf(e));
        return;
      }
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < CLICK_SLOP) return;
      drag.moved = true;
      if (drag.marker) {
        this.dragSite = this.placeOf(e);
        el.classList.add('dragging-site');
        this.place();
        this.handlers.drag?.(this.dragSite);
      } else if (this.viewMode) {
        el.classList.add('panning');
        this.setShown(MapBox.panned(drag.start, dx, dy), false);
      }
    });

    const end = (e) => {
      if (!drag) return;
      const d = drag;
      drag = null;
      el.classList.remove('panning', 'dragging-site');
      if (el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
      if (e.type === 'pointercancel') {
        this.dragSite = null;
        this.place();
        return;
      }
      if (d.marker && d.moved) {
        const site = this.dragSite;
        this.dragSite = null;
        if (site) this.handlers.drop?.(site);
        return;
      }
      if (d.moved) {
        this.setShown(this.shown);
        return;
      }
      const place = this.placeOf(e);
      if (place && !d.marker) this.handlers.click?.(place);
    };
    el.addEventListener('pointerup', end);
    el.addEventListener('pointercancel', end);
    el.addEventListener('pointerleave', () => {
      if (!drag) this.handlers.hover?.(null);
    });

    el.addEventListener('wheel', (e) => {
      if (!this.shown || !this.viewMode) return;
      e.preventDefault();
      const r = el.getBoundingClientRect();
      const k = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015));
      this.setShown(this.zoomedAt(k, e.clientX - r.left, e.clientY - r.top));
    }, { passive: false });

    el.addEventListener('keydown', (e) => {
      if (!this.shown || e.target !== el) return;
      const step = Math.min(this.shown.width, this.shown.height) / 4;
      const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (moves[e.key]) {
        e.preventDefault();
        this.setShown(MapBox.panned(this.shown, ...moves[e.key]));
      } else if (e.key === '+' || e.key === '=') {
        this.zoom(1.5);
      } else if (e.key === '-') {
        this.zoom(1 / 1.5);
      }
    });
  }
}

