// The geocoding review (`/api/review`): members placed below full confidence or not at
// all, with candidates. Clicking a candidate places the member there; "place on the
// map" lets the next map click do it (`POST /api/members/{id}/locate`).

import { h, fill } from './dom.js';
import { t, num } from './i18n.js';

const LEVEL_ORDER = ['none', 'area', 'postcode', 'street', 'compound', 'house'];
const PAGE = 40;

function levelName(l) {
  return t(`level.${l}`);
}

/**
 * `view` = {level, shown}; `actions` = {locate(id, place), pick(id), filter(level), more()}.
 */
export function renderReview(el, items, view, actions) {
  const levels = LEVEL_ORDER.filter((l) => items.some((i) => i.level === l));
  const sorted = [...items].sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.score - b.score);
  const chosen = view.level ? sorted.filter((i) => i.level === view.level) : sorted;
  const shown = chosen.slice(0, view.shown ?? PAGE);
  const select = h('select', { id: 'review-level', onchange: (e) => actions.filter(e.target.value) },
    h('option', { value: '' }, t('review.all')),
    levels.map((l) => h('option', { value: l, selected: view.level === l }, `${levelName(l)} (${num(items.filter((i) => i.level === l).length)})`)));
  fill(el,
    h('h2', {}, t('review.title')),
    h('p', { class: 'note' }, t('review.note')),
    h('p', { class: 'inline-form' }, t('review.count', { n: num(items.length) }), h('label', {}, t('review.filter'), ' ', select)),
    h('ul', { class: 'review-list' }, shown.map((item) => h('li', { class: `review-item level-${item.level}` },
      h('div', { class: 'review-head' },
        h('strong', {}, item.id),
        h('span', { class: `tag level-${item.level}` }, levelName(item.level)),
        item.score ? h('span', { class: 'muted' }, `${t('col.score')} ${num(item.score, 2)}`) : null,
        h('span', { class: 'review-address' }, item.address ?? '')),
      h('div', { class: 'review-actions' },
        item.candidates?.length
          ? item.candidates.map((c) => h('button', {
            type: 'button', class: 'candidate', onclick: () => actions.locate(item.id, { lat: c.lat, lon: c.lon }),
          }, `${c.label} (${levelName(c.level)}, ${num(c.score, 2)})`))
          : h('span', { class: 'muted' }, t('review.noCandidates')),
        h('button', { type: 'button', class: 'pick', onclick: () => actions.pick(item.id) }, t('review.pick')))))),
    chosen.length > shown.length
      ? h('button', { type: 'button', onclick: actions.more }, t('review.more', { n: num(Math.min(PAGE, chosen.length - shown.length)) }))
      : null,
  );
}

export { PAGE as REVIEW_PAGE };
