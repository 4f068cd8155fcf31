// End-to-end test of the page in a real browser: Debian's chromium, headless, driven by
// playwright-core (which downloads no browser).
//
//   node tests/e2e/demo.spec.mjs http://127.0.0.1:PORT/ OUTDIR
//
// The server must serve the demo workspace (`catchment demo`). Each step saves a
// screenshot into OUTDIR; the first failure saves FAILED.png, prints what went wrong
// and exits 1. tests/browser.rs starts the server and runs this.

import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node demo.spec.mjs BASE_URL OUTDIR');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FIXTURE = fileURLToPath(new URL('../fixtures/members_broken.csv', import.meta.url));
const WAIT = 60_000;
const MEMBER_MARKS = /class="[^"]*\bmembers?\b[^"]*"/;
const RING_MARKS = /class="[^"]*\brings?\b[^"]*"/;

mkdirSync(outDir, { recursive: true });
if (!existsSync(CHROMIUM)) fail(`no browser at ${CHROMIUM}: apt-get install chromium`);

function fail(message) {
  console.error(`e2e FAILED: ${message}`);
  process.exit(1);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true, locale: 'en-US' });
const page = await context.newPage();
page.setDefaultTimeout(WAIT);

const problems = [];
page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
page.on('console', (m) => {
  if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
});
page.on('request', (r) => {
  const u = new URL(r.url());
  if (!['127.0.0.1', 'localhost'].includes(u.hostname) && u.protocol.startsWith('http')) {
    problems.push(`the page fetched ${r.url()}: it must work offline`);
  }
});

let n = 0;
async function step(name, f) {
  n += 1;
  const label = `${String(n).padStart(2, '0')}-${name}`;
  try {
    await f();
    check(!problems.length, problems.join('; '));
    await page.screenshot({ path: path.join(outDir, `${label}.png`) });
    console.log(`ok ${n} ${name}`);
  } catch (e) {
    await page.screenshot({ path: path.join(outDir, 'FAILED.png') }).catch(() => {});
    await browser.close();
    fail(`step ${n} (${name}): ${e.message.split('\n')[0]}`);
  }
}

/** The map the page shows now: waits until the box has shown a map whose URL passes
 *  `test`, then reads it. */
async function shownMap(test = () => true, what = 'the map') {
  const handle = await page.waitForFunction((src) => {
    const url = document.getElementById('map')?.dataset.loaded;
    return url && new Function('url', `return (${src})(url)`)(url) ? url : null;
  }, test.toString(), { timeout: WAIT }).catch(() => null);
  check(handle, `${what} was not shown within ${WAIT / 1000} s`);
  // The same request again (the server keeps it), to read the image the page shows.
  const url = new URL(await handle.jsonValue(), base);
  const r = await context.request.get(url.toString());
  check(r.ok(), `${url.pathname}${url.search} answered ${r.status()}: ${await r.text()}`);
  return { url, headers: r.headers(), body: await r.text() };
}

async function markerCentre() {
  const box = await page.locator('.shop-marker').boundingBox();
  check(box, 'the shop marker is not on the map');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function openTab(name) {
  await page.click(`#tab-${name}`);
  await page.waitForSelector(`#panel-${name}:not([hidden])`);
}

const home = new URL(base);
home.hash = 'lang=en';

let shopName;
await step('shop', async () => {
  await page.goto(home.toString());
  await page.waitForSelector('#shop optgroup option', { state: 'attached' });
  shopName = await page.$eval('#shop optgroup option', (o) => o.value);
  await page.selectOption('#shop', shopName);
  await page.waitForSelector('.rings-table td.members');
  const map = await shownMap((u) => u.includes('shop='), 'the shop\'s map');
  check(map.url.searchParams.get('shop') === shopName, `the map was drawn for ${map.url.searchParams.get('shop')}, not ${shopName}`);
  check(map.url.searchParams.get('view') === 'true', 'the map was not asked for in view mode (view=true)');
  check(map.headers['x-map-centre'] && Number(map.headers['x-map-metres-per-pixel']) > 0,
    'the map came without X-Map-Centre / X-Map-Metres-Per-Pixel: the server does not draw the screen view (view=true)');
  check(RING_MARKS.test(map.body), 'the map has no rings');
  check(MEMBER_MARKS.test(map.body), 'the map has no member marks');
  const members = await page.$$eval('.rings-table td.members', (tds) => tds.map((td) => td.textContent));
  check(members.length >= 5, `the ring table has ${members.length} rows`);
});

await step('layer-off', async () => {
  const before = await shownMap();
  check(before.url.searchParams.get('layers').split(',').includes('members'), 'members are not among the layers asked for');
  await page.uncheck('#layer-members');
  const after = await shownMap((u) => !new URL(u, location.href).searchParams.get('layers').split(',').includes('members'), 'the map without members');
  check(after.url.toString() !== before.url.toString(), 'the map request did not change');
  check(!MEMBER_MARKS.test(after.body), 'member marks are still on the map after the layer was switched off');
  check(RING_MARKS.test(after.body), 'the rings went with the members');
  check(page.url().includes('layers=') && !/layers=[^&]*members/.test(page.url()), 'the address does not keep the layers');
});

await step('layer-on', async () => {
  await page.check('#layer-members');
  const map = await shownMap((u) => new URL(u, location.href).searchParams.get('layers').split(',').includes('members'), 'the map with members');
  check(MEMBER_MARKS.test(map.body), 'member marks did not come back');
});

await step('whitespace-layer', async () => {
  await page.check('#layer-whitespace');
  await page.waitForFunction(() => document.querySelectorAll('.map-overlay .whitespace-hex').length > 0);
  const hexes = await page.locator('.map-overlay .whitespace-hex').count();
  const ranks = await page.locator('.map-overlay .whitespace-rank').allTextContents();
  check(ranks.includes('1'), `the best site is not numbered: ${ranks.join(' ')}`);
  check(hexes >= ranks.length, `${hexes} hexagons for ${ranks.length} numbers`);
  check(/layers=[^&]*whitespace/.test(page.url()), 'the address does not keep the white-space layer');
  await page.uncheck('#layer-whitespace');
  await page.waitForFunction(() => document.querySelectorAll('.map-overlay .whitespace-hex').length === 0);
});

await step('hover', async () => {
  const c = await markerCentre();
  await page.mouse.move(c.x + 70, c.y + 50, { steps: 4 });
  const dd = page.locator('#hover-body dd');
  await dd.first().waitFor();
  const text = await page.locator('#hover-body').innerText();
  check(/Members/.test(text) && /Ring/.test(text) && /Sector/.test(text), `the hover box shows no cell figures: ${text}`);
  check(/\d/.test(text), `the hover box has no numbers: ${text}`);
  check(await page.locator('.map-overlay .hover-cell').count() === 1, 'the hovered cell is not outlined');
});

await step('sparse-cell', async () => {
  await openTab('sparse');
  await page.click('.sparse-table tr.sparse');
  const details = await page.locator('#sparse-details').innerText();
  check(/Leaflet plan/.test(details), `no leaflet plan in the cell details: ${details}`);
  check(await page.locator('.leaflet-streets tbody tr').count() > 0, 'the sparse cell lists no streets');
});

await step('drag-site', async () => {
  const c = await markerCentre();
  await page.mouse.move(c.x, c.y);
  await page.mouse.down();
  await page.mouse.move(c.x + 80, c.y + 40, { steps: 5 });
  await page.mouse.move(c.x + 160, c.y + 90, { steps: 5 });
  await page.mouse.up();
  await page.waitForSelector('#panel-whatif:not([hidden]) .whatif-rings td.at-site');
  await shownMap((u) => u.includes('site_lat='), 'the map of the dragged site');
  await page.waitForFunction(() => {
    const site = [...document.querySelectorAll('.whatif-rings td.at-site')].map((td) => td.textContent);
    const shop = [...document.querySelectorAll('.whatif-rings td.before')].map((td) => td.textContent);
    return site.length && site.join() !== shop.join();
  }).catch(() => {
    throw new Error('the ring counts at the dragged site are the same as at the shop');
  });
  check(await page.locator('#whatif-site').isVisible(), 'the site is not named');
});

await step('upload', async () => {
  await openTab('upload');
  await page.setInputFiles('#members-file', FIXTURE);
  await page.waitForSelector('#import-report table.rejected');
  const rows = await page.$$eval('#import-report table.rejected tbody tr', (trs) => trs.map((tr) => tr.innerText));
  check(rows.length === 4, `the import report lists ${rows.length} rejected rows, not 4`);
  check(rows.some((r) => /Latitude/.test(r)), 'the rejected rows do not name their column');
  // A bad date no longer drops the member: the cell is left empty and listed as a warning.
  const warnings = await page.$$eval('#import-report table.warnings tbody tr', (trs) => trs.map((tr) => tr.innerText));
  check(warnings.some((r) => /31\.02\.2026/.test(r)), 'the impossible date is not listed as a cell left empty');
  const report = await page.locator('#import-report').innerText();
  check(/New members\s+5/.test(report), `the report does not count 5 new members: ${report}`);
});

await step('compare', async () => {
  // A second own shop, so there is something to compare and sort.
  const added = await page.evaluate(async () => {
    const r = await fetch('/api/shops', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Kamppi', lat: 60.1690, lon: 24.9320 }),
    });
    return r.status;
  });
  check(added === 201, `adding a second own shop answered ${added}`);
  await page.reload();
  await openTab('compare');
  await page.waitForSelector('table.compare tbody tr.median');
  const shops = () => page.$$eval('table.compare tbody tr:not(.median) th', (ths) => ths.map((th) => th.textContent));
  const first = await shops();
  check(first.length === 2 && first.includes('Kamppi'), `the comparison lists ${first.join(', ')}`);
  check(first.join() === [...first].sort((a, b) => a.localeCompare(b)).join(), `the shops are not in name order at first: ${first}`);
  const members = () => page.$$eval('table.compare tbody tr:not(.median) td:nth-of-type(1)',
    (tds) => tds.map((td) => Number(td.childNodes[0].textContent.replace(/[^\d.]/g, ''))));
  await page.click('table.compare button.sort[data-sort="0"]');
  await page.waitForSelector('table.compare th[aria-sort="descending"] button[data-sort="0"]');
  const down = await members();
  check(down[0] >= down[1], `own members are not sorted largest first: ${down}`);
  await page.click('table.compare button.sort[data-sort="0"]');
  await page.waitForSelector('table.compare th[aria-sort="ascending"] button[data-sort="0"]');
  const up = await members();
  check(up[0] <= up[1] && up.join() === [...down].reverse().join(), `own members are not sorted smallest first: ${up}`);
  const maps = await page.$$eval('.small-map img', (imgs) => imgs.map((i) => new URL(i.src).searchParams.get('extent_m')));
  check(maps.length === 2 && maps[0] === maps[1], `the small maps are not two on one scale: ${maps}`);
  await page.waitForFunction(() => [...document.querySelectorAll('.small-map img')].every((i) => i.complete && i.naturalWidth > 0));
});

await step('chinese', async () => {
  await page.click('#lang');
  await page.waitForFunction(() => document.getElementById('tab-rings')?.textContent === '距离环');
  const layer = await page.locator('label.layer', { has: page.locator('#layer-members') }).innerText();
  check(layer.includes('会员'), `the layer label is not in Chinese: ${layer}`);
  await shownMap((u) => u.includes('lang=zh'), 'the map in Chinese');
  check(page.url().includes('lang=zh'), 'the address does not keep the language');
  check(await page.evaluate(() => document.documentElement.lang) === 'zh-CN', 'the page language is not zh-CN');
});

await step('download-pdf', async () => {
  await openTab('downloads');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#panel-downloads a.download[href*="format=pdf"]'),
  ]);
  const file = path.join(outDir, 'map.pdf');
  await download.saveAs(file);
  const head = readFileSync(file).subarray(0, 5).toString('latin1');
  check(head === '%PDF-', `the downloaded map is not a PDF (starts with ${JSON.stringify(head)})`);
  const url = new URL(download.url());
  check(url.searchParams.get('lang') === 'zh', 'the PDF was not asked for in Chinese');
});

await browser.close();
console.log(`e2e passed: ${n} steps, screenshots in ${outDir}`);
