// Uploads: a member file (`POST /api/import/members`) or an OSM extract
// (`POST /api/area`) sent as the raw body, then the job polled for its step and
// progress, and at the end the import report with every rejected row.

import { apiUrl, getJson } from './api.js';
import { h, fill, table, facts } from './dom.js';
import { t, has, num } from './i18n.js';

const POLL_MS = 400;

function dropZone(id, title, note, accept, onFile) {
  const input = h('input', { type: 'file', id: `${id}-file`, accept, class: 'visually-hidden' });
  input.addEventListener('change', () => {
    if (input.files[0]) onFile(input.files[0]);
    input.value = '';
  });
  const zone = h('div', { class: 'drop', id: `${id}-drop` },
    h('h3', {}, title),
    h('p', { class: 'note' }, note),
    h('p', {}, t('upload.drop'), ' ', h('label', { for: `${id}-file`, class: 'file-button', tabindex: 0 }, t('upload.choose')), input));
  zone.querySelector('label').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      input.click();
    }
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const file = e.dataTransfer?.files?.[0];
    if (file) onFile(file);
  });
  return zone;
}

function rejectedReason(label) {
  return has(`rejected.${label}`) ? t(`rejected.${label}`) : label;
}

function baseName(path) {
  return String(path ?? '').split(/[\\/]/).pop();
}

/** `12 (house 10, street 2)`: members geocoded by a job, by match level. */
function geocodedText(g) {
  const levels = g?.levels ? Object.entries(g.levels).map(([l, n]) => `${t(`level.${l}`)} ${num(n)}`).join(', ') : '';
  return `${num(g?.members ?? 0)}${levels ? ` (${levels})` : ''}`;
}

/** The import report of a finished member job. */
export function importReport(name, r) {
  const geocoded = r.geocoded;
  return h('section', { class: 'import-report', id: 'import-report' },
    h('h3', {}, t('upload.report'), ': ', baseName(r.file) || name),
    facts([
      [t('upload.format'), r.format],
      [t('upload.columns'), r.columns],
      [t('upload.rowsRead'), num(r.rows_read)],
      [t('upload.inserted'), num(r.inserted)],
      [t('upload.updated'), num(r.updated)],
      [t('upload.unchanged'), num(r.unchanged)],
      [t('upload.pending'), num(r.pending)],
      [t('upload.rejected'), num(r.rejected?.length ?? 0)],
      [t('upload.warnings'), num(r.warnings?.length ?? 0)],
      geocoded ? [t('upload.geocoded'), geocodedText(geocoded)] : null,
      r.notes?.length ? [t('upload.notes'), r.notes.join(' ')] : null,
    ]),
    r.rejected?.length
      ? h('div', { class: 'scroll' }, table([
        { label: t('col.row'), value: (x) => num(x.row), num: true },
        { label: t('col.column'), value: (x) => x.column ?? '–' },
        { label: t('col.reason'), value: (x) => rejectedReason(x.reason) },
        { label: t('col.detail'), value: (x) => x.detail ?? '' },
      ], r.rejected, { class: 'data rejected', caption: t('upload.rejected') }))
      : h('p', {}, t('upload.noneRejected')),
    r.warnings?.length
      ? h('div', { class: 'scroll' }, table([
        { label: t('col.row'), value: (x) => num(x.row), num: true },
        { label: t('col.column'), value: (x) => x.column ?? '–' },
        { label: t('col.value'), value: (x) => x.value ?? '' },
        { label: t('col.detail'), value: (x) => x.detail ?? '' },
      ], r.warnings, { class: 'data warnings', caption: t('upload.warnings') }))
      : null,
  );
}

function progressView(job, name) {
  const step = job?.step ?? 'waiting';
  const total = job?.total;
  return h('div', { class: 'progress', id: 'upload-progress' },
    h('p', {}, t('upload.sending', { name }), ' ', h('strong', {}, t(`upload.step.${step}`)),
      total ? ` ${num(job.done)} / ${num(total)}` : job?.done ? ` ${num(job.done)}` : ''),
    h('progress', { max: total || 1, value: total ? job.done : undefined, 'aria-label': t(`upload.step.${step}`) }));
}

/**
 * The Upload panel. `last` keeps the last job across language switches
 * ({name, kind, job}); `onEnd()` is called when a job ends (refresh everything).
 */
export class UploadPanel {
  constructor(el, onEnd, onError) {
    this.el = el;
    this.onEnd = onEnd;
    this.onError = onError;
    this.last = null;
  }

  render() {
    const isArea = (f) => /\.(osm\.)?pbf$/i.test(f.name);
    this.out = h('div', { class: 'upload-out', 'aria-live': 'polite' });
    fill(this.el,
      h('h2', {}, t('upload.title')),
      this.out,
      dropZone('members', t('upload.members'), t('upload.membersNote'), '.csv,.tsv,.txt,.xlsx,.xls,.ods',
        (f) => this.send(f, isArea(f) ? 'area' : 'members')),
      dropZone('area', t('upload.area'), t('upload.areaNote'), '.pbf', (f) => this.send(f, 'area')));
    this.show();
  }

  show() {
    if (!this.last || !this.out) return;
    const { name, job, error } = this.last;
    if (error) {
      fill(this.out, h('p', { class: 'error', role: 'alert' }, t('upload.failed', { error })));
    } else if (!job || job.state === 'running') {
      fill(this.out, progressView(job, name));
    } else if (job.state === 'failed') {
      fill(this.out, h('p', { class: 'error', role: 'alert' }, t('upload.failed', { error: job.error })));
    } else if (job.kind === 'load_area') {
      fill(this.out, h('section', { class: 'done area-report', id: 'import-report' },
        h('p', {}, t('upload.area.done', { area: job.result?.area ?? '' })),
        job.result?.geocoded ? h('p', {}, `${t('upload.geocoded')}: ${geocodedText(job.result.geocoded)}`) : null));
    } else {
      fill(this.out, h('p', { class: 'done' }, t('upload.done', { name })), importReport(name, job.result ?? {}));
    }
  }

  async send(file, kind) {
    this.last = { name: file.name, kind, job: null };
    this.show();
    try {
      const path = kind === 'area' ? 'area' : 'import/members';
      const started = await getJson(apiUrl(path, { filename: file.name }), { method: 'POST', body: file });
      for (;;) {
        const job = await getJson(apiUrl(`jobs/${started.job}`));
        this.last.job = job;
        this.show();
        if (job.state !== 'running') break;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } catch (e) {
      this.last.error = e.message;
      this.show();
      this.onError?.(e);
    }
    this.onEnd();
  }
}
