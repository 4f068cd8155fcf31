// What is under the pointer: distance and bearing from the shop (or site), its ring and
// sector, and that cell's figures from the ring report, sparse report and Huff shares.

import { h, fill, facts } from './dom.js';
import { t, num, pct, metres, ringName, sectorName } from './i18n.js';
import { distanceBearing, ringOf, cellAt } from './geo.js';

/**
 * The cell at `place` around `anchor`: `{distance, bearing, ring, cell, ringRow, sparse, huff}`
 * from `sources` = {rings (report with cells), sparse (report), huffCells}.
 */
export function locate(place, anchor, sources) {
  const { distance, bearing } = distanceBearing(anchor, place);
  const report = sources.rings;
  const radii = report?.radii_m ?? [];
  const ring = ringOf(distance, radii);
  const cell = ring === 'outside' ? null : cellAt(report?.cells ?? [], ring, bearing);
  const ringRow = report?.rings?.find((r) => r.ring === ring) ?? null;
  const sparse = cell && sources.sparse ? sources.sparse.cells.find((c) => c.ring === ring && c.sector === cell.sector) : null;
  const huff = cell && sources.huffCells ? sources.huffCells.find((c) => c.ring === ring && c.sector === cell.sector) : null;
  return { distance, bearing, ring, cell, ringRow, sparse, huff };
}

export function renderHover(el, at) {
  if (!at) {
    fill(el, h('p', { class: 'muted' }, t('hover.empty')));
    return;
  }
  const c = at.cell;
  const row = c ?? at.ringRow;
  fill(el,
    facts([
      [t('hover.distance'), metres(at.distance)],
      [t('hover.bearing'), `${num(at.bearing, 0)}°`],
      [t('hover.ring'), at.ring === 'outside' ? t('hover.outside') : ringName(at.ring)],
      c ? [t('hover.sector'), sectorName(c.sector)] : null,
      row ? [t('hover.members'), num(row.members)] : null,
      row ? [t('hover.share'), pct(row.share)] : null,
      row ? [t('hover.repurchase'), pct(row.repurchase_rate)] : null,
      at.huff ? [t('hover.huff'), pct(at.huff.share_fitted)] : null,
    ]),
    at.sparse?.sparse ? h('p', { class: 'tag sparse-tag' }, t('hover.sparse')) : null,
  );
}
