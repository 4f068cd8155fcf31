// The Segments panel: members by segment (`/api/segments`) with a stacked bar, and the
// segments of each ring from the ring report.

import { h, fill, table } from './dom.js';
import { t, num, pct, ringName } from './i18n.js';

export const SEGMENTS = ['new', 'one-time', 'returning', 'loyal', 'dormant', 'unknown'];

function segmentName(s) {
  return t(`seg.${s}`);
}

function stackedBar(parts) {
  const total = parts.reduce((a, p) => a + p.members, 0) || 1;
  return h('div', { class: 'stack', role: 'img', 'aria-label': parts.map((p) => `${segmentName(p.segment)} ${num(p.members)}`).join(', ') },
    parts.filter((p) => p.members > 0).map((p) => h('span', {
      class: `seg seg-${p.segment}`, style: { flexGrow: String(p.members / total) }, title: `${segmentName(p.segment)}: ${num(p.members)}`,
    })));
}

export function renderSegments(el, summary, ringReport) {
  const rows = summary.segments;
  fill(el,
    h('h2', {}, t('segments.title')),
    h('p', { class: 'note' }, t('segments.note', { asOf: summary.as_of, members: num(summary.members) })),
    stackedBar(rows),
    table([
      { label: t('col.segment'), value: (r) => h('span', {}, h('i', { class: `swatch seg-${r.segment}`, 'aria-hidden': 'true' }), segmentName(r.segment)) },
      { label: t('col.members'), value: (r) => num(r.members), num: true },
      { label: t('col.share'), value: (r) => pct(r.share), num: true },
      { label: t('col.vip'), value: (r) => num(r.vip), num: true },
    ], rows),
    ringReport ? table([
      { label: t('col.ring'), value: (r) => ringName(r.ring) },
      ...SEGMENTS.map((s) => ({ label: segmentName(s), value: (r) => num(r.segments?.[s] ?? 0), num: true })),
      { label: t('col.repurchase'), value: (r) => pct(r.repurchase_rate), num: true },
    ], ringReport.rings, { caption: `${t('tab.rings')} — ${ringReport.shop.name}` }) : null,
  );
}
