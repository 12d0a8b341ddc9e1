// Shipping voscope: the release bundle under a base path of Debian's nginx with the strict
// CSP, a portal embedding it three ways (element, iframe, script), shareable links, the
// query history, and cancelling what takes long. Answers are checked against psql.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { test, expect } = require('@playwright/test');
const { peers, psql } = require('./peers');
const { CSP, watchCsp } = require('./csp');

const NGINX = `http://127.0.0.1:${Number(process.env.E2E_PORT || 8090) + 10}`;
const HESS = "SELECT obs_id, target_name FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1'";

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
});

/** Rows PostgreSQL finds in a cone (pgsphere, bypassing TAP and ADQL). */
function coneCount(ra, dec, radius) {
  const cone = `s_region && scircle(spoint(radians(${ra}), radians(${dec})), radians(${radius}))`;
  return Number(psql(`SELECT count(*) FROM ivoa.obscore WHERE ${cone}`)[0][0]);
}

test('under /voscope/ of nginx, with the CSP header: every file from the base path, a query equal to psql, no violation', async ({ page }) => {
  const violations = await watchCsp(page);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const response = await page.goto(`${NGINX}/voscope/`);
  expect(response.headers()['content-security-policy']).toBe(CSP);
  await expect(page.locator('#service-url')).toHaveValue(peers.tap);
  await expect(page.locator('#service-facts')).toContainText('ADQL');
  await page.locator('#adql').fill("SELECT * FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1'");
  await page.locator('#run').click();
  const expected = Number(psql("SELECT count(*) FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1'")[0][0]);
  await expect(page.locator('#row-count')).toHaveText(String(expected));
  // The views that set sizes and positions from code (CSSOM, allowed by the policy).
  await page.locator('#results-scroll').evaluate((el) => { el.scrollTop = 600; });
  await page.locator('#tab-plots').click();
  await expect(page.locator('#plot-stats')).toContainText(/\d/);
  // Plots with axis labels and captions (measured on the canvas, not in a styled span),
  // and the SVG export.
  for (const kind of ['#plot-histogram', '#plot-scatter', '#plot-time', '#plot-energy']) {
    await page.locator(kind).click();
    await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', /\d+/);
  }
  const svg = page.waitForEvent('download');
  await page.locator('#export-svg').click();
  await svg;
  await page.locator('#tab-provenance').click();
  await page.locator('#tab-table').click();
  const own = requests.filter((u) => u.startsWith(NGINX));
  expect(own.length).toBeGreaterThan(5);
  expect(own.filter((u) => !u.startsWith(`${NGINX}/voscope/`))).toEqual([]);
  for (const f of ['voscope.js', 'voscope_bg.wasm', 'boot.js', 'config.json', 'main.css']) {
    expect(own.some((u) => u.startsWith(`${NGINX}/voscope/${f}`)), f).toBe(true);
  }
  expect(await violations()).toEqual([]);
});

test('the policy is really enforced: an inline handler planted in the page is refused and reported', async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto(`${NGINX}/voscope/`);
  await expect(page.locator('#service-facts')).toContainText('ADQL');
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__inlineRan = 1');
    img.src = 'nothing-here.png';
    document.body.append(img);
  });
  await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.__inlineRan)).toBeUndefined();
});

test('a copied link reopens the same service, target, radius, ADQL and view, and runs it', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.locator('#service-facts')).toContainText('ADQL');
  await page.locator('#target-name').fill('Crab');
  await page.locator('#radius').fill('0.7');
  await page.locator('#resolve').click();
  await expect(page.locator('#resolved')).toContainText('via');
  const adql = "SELECT TOP 7 obs_id, s_ra, s_dec FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' ORDER BY obs_id";
  await page.locator('#adql').fill(adql);
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toHaveText('7');
  await page.locator('#tab-plots').click();
  // The address bar follows the state.
  await expect.poll(() => page.url()).toContain('view=plots');
  const address = new URL(page.url());
  expect(address.searchParams.get('adql')).toBe(adql);
  expect(address.searchParams.get('target')).toBe('Crab');
  expect(address.searchParams.get('radius')).toBe('0.7');
  expect(address.searchParams.get('service')).toBe(peers.tap);
  expect(address.searchParams.get('run')).toBeNull();

  await page.locator('#copy-link').click();
  const link = await page.locator('#share-url').inputValue();
  expect(new URL(link).searchParams.get('run')).toBe('1');

  const other = await context.newPage();
  other.on('pageerror', (e) => { throw e; });
  await other.goto(link);
  await expect(other.locator('#adql')).toHaveValue(adql);
  await expect(other.locator('#target-name')).toHaveValue('Crab');
  await expect(other.locator('#radius')).toHaveValue('0.7');
  await expect(other.locator('#service-url')).toHaveValue(peers.tap);
  await expect(other.locator('#row-count')).toHaveText('7');
  await expect(other.locator('#tab-plots')).toHaveAttribute('aria-selected', 'true');
  const ids = psql("SELECT obs_id FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' ORDER BY obs_id LIMIT 7").map((r) => r[0]);
  await other.locator('#tab-table').click();
  const shown = await other.locator('#results-scroll tbody td[data-col="0"]').allTextContents();
  expect(shown).toEqual(ids);

  // The address without run=1 (a reload) refills the forms but does not run.
  await page.reload();
  await expect(page.locator('#adql')).toHaveValue(adql);
  await expect(page.locator('#radius')).toHaveValue('0.7');
  await expect(page.locator('#row-count')).toHaveCount(0);

  // A hostile link is refused with a reason, and nothing of it is used.
  await other.goto('/?service=javascript:alert(1)&radius=-1');
  await expect(other.locator('.banner.warning')).toHaveCount(2);
  await expect(other.locator('.banner.warning').first()).toContainText('not an http(s) address');
  await expect(other.locator('#service-url')).toHaveValue(peers.tap);
});

test('the query history survives a reload; Use and Run again bring a query back', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.removeItem('voscope.history'));
  await page.reload();
  await expect(page.locator('#service-facts')).toContainText('ADQL');
  const a = "SELECT TOP 3 obs_id FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' ORDER BY obs_id";
  const b = 'SELECT TOP 2 obs_id FROM ivoa.obscore ORDER BY obs_id DESC';
  for (const [q, n] of [[a, '3'], [b, '2']]) {
    await page.locator('#adql').fill(q);
    await page.locator('#run').click();
    await expect(page.locator('#row-count')).toHaveText(n);
  }
  await page.locator('#adql').fill('SELECT nonsense FROM nowhere');
  await page.locator('#run').click();
  await expect(page.locator('#query-error')).toBeVisible();

  await page.reload();
  await page.locator('#history summary').click();
  const entries = page.locator('li.history-entry');
  await expect(entries).toHaveCount(3);
  await expect(entries.nth(0)).toContainText('failed');
  await expect(entries.nth(1).locator('code')).toHaveText(b);
  await expect(entries.nth(1)).toContainText('2 rows');
  await expect(entries.nth(2)).toContainText('3 rows');
  await entries.nth(2).locator('.history-use').click();
  await expect(page.locator('#adql')).toHaveValue(a);
  await expect(page.locator('#row-count')).toHaveCount(0);
  await entries.nth(1).locator('.history-run').click();
  await expect(page.locator('#row-count')).toHaveText('2');
  // Running it again moved it to the top rather than adding a copy.
  await expect(entries).toHaveCount(3);
  await expect(entries.nth(0).locator('code')).toHaveText(b);
  await entries.nth(1).locator('.history-remove').click();
  await expect(entries).toHaveCount(2);
  await page.locator('#history-clear').click();
  await expect(entries).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('voscope.history'))).toBeNull();
});

test('a slow query and a slow resolution show progress and can be cancelled; what was typed stays', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#service-facts')).toContainText('ADQL');
  let held = 0;
  const hold = async (route) => {
    held += 1;
    await new Promise((r) => setTimeout(r, 20_000));
    await route.continue().catch(() => {});
  };
  // Only the query typed here is held; the panels' own small queries go through.
  await page.route('**/tap/sync', (route) => {
    const asked = new URLSearchParams(route.request().postData() || '').get('QUERY');
    return asked === HESS ? hold(route) : route.continue();
  });
  await page.locator('#adql').fill(HESS);
  await page.locator('#run').click();
  await expect(page.locator('#query-running')).toContainText('Querying');
  await page.locator('#cancel-query').click();
  await expect(page.locator('#query-cancelled')).toContainText('before the service answered');
  await expect(page.locator('#adql')).toHaveValue(HESS);
  await expect(page.locator('#run')).toBeEnabled();
  expect(held).toBe(1);
  await page.unroute('**/tap/sync');
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toHaveText('105');

  await page.route('**/nph-sesame/**', hold);
  await page.locator('#target-name').fill('PKS 2155-304');
  await page.locator('#resolve').click();
  await expect(page.locator('#resolving')).toContainText('PKS 2155-304');
  await page.locator('#cancel-resolve').click();
  await expect(page.locator('#resolve-error')).toContainText('You cancelled resolving PKS 2155-304');
  await expect(page.locator('#target-name')).toHaveValue('PKS 2155-304');
  await expect(page.locator('#resolve')).toBeEnabled();
});

test('a portal embeds voscope as an element, in an iframe and from its script, under the CSP', async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto(`${NGINX}/portal/portal.html`);
  const element = page.locator('#embedded');

  // The element resolved its target attribute and ran: rows equal to psql's cone.
  await expect(element.locator('#resolved')).toContainText('via');
  const ra = Number(await element.locator('#res-ra').textContent());
  const dec = Number(await element.locator('#res-dec').textContent());
  await expect(element.locator('#row-count')).toHaveText(String(coneCount(ra, dec, 2)));
  await expect(element.locator('#radius')).toHaveValue('2');

  // Styles and ids stay on their side of the shadow root.
  const runFont = await element.locator('#run').evaluate((b) => getComputedStyle(b).fontFamily);
  expect(runFont).not.toContain('cursive');
  expect(await page.evaluate(() => document.getElementById('run'))).toBeNull();
  expect(await page.locator('.portal-head h1').evaluate((h) => getComputedStyle(h).fontFamily)).toContain('Georgia');
  // The portal's address is the portal's.
  expect(page.url()).toBe(`${NGINX}/portal/portal.html`);

  // The iframe, driven by its URL.
  const frame = page.frameLocator('#framed');
  await expect(frame.locator('#resolved')).toContainText('via');
  const fra = Number(await frame.locator('#res-ra').textContent());
  const fdec = Number(await frame.locator('#res-dec').textContent());
  expect(fra).toBeCloseTo(329.72, 1);
  await expect(frame.locator('#row-count')).toHaveText(String(coneCount(fra, fdec, 3)));
  await expect(frame.locator('header.top')).toHaveClass(/compact/);

  // The portal's script mounted a third with its own configuration layer.
  const scripted = page.locator('#scripted');
  await expect(scripted).toHaveAttribute('data-mounted', '1');
  await expect(scripted.locator('header.top h1')).toHaveText('Portal search');
  await expect(scripted.locator('#adql')).toHaveValue(/^SELECT TOP 5 obs_id, target_name/);
  await scripted.locator('#run').click();
  await expect(scripted.locator('#row-count')).toHaveText('5');
  // The editor finds its own textarea inside the shadow root: completion works there.
  const area = scripted.locator('#adql');
  await area.fill('SELECT  FROM ivoa.obscore');
  await area.evaluate((t) => t.setSelectionRange(7, 7));
  await area.pressSequentially('s_r');
  await expect(scripted.locator('#adql-completions')).toContainText('s_ra');
  await page.keyboard.press('Enter');
  await expect(area).toHaveValue('SELECT s_ra FROM ivoa.obscore');

  expect(await violations()).toEqual([]);
});

/** Writes a TABLEDATA VOTable of `n` rows (about 100 bytes each), piece by piece. */
function writeVotable(file, n) {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><TABLE>
<FIELD name="n" datatype="long"/><FIELD name="x" datatype="double"/><FIELD name="d" datatype="char" arraysize="*"/>
<DATA><TABLEDATA>\n`);
  for (let start = 0; start < n; start += 10000) {
    const rows = [];
    for (let i = start; i < Math.min(n, start + 10000); i += 1) rows.push(`<TR><TD>${i}</TD><TD>${(i * 0.001).toFixed(3)}</TD><TD>obs ${i} of a long and wordy description</TD></TR>`);
    fs.writeSync(fd, `${rows.join('\n')}\n`);
  }
  fs.writeSync(fd, '</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n');
  fs.closeSync(fd);
}

test('opening a large file shows rows and bytes as it reads, and Cancel stops it', async ({ page }) => {
  test.setTimeout(120_000);
  // 3 000 000 rows (about 300 MB), read in 8 MB pieces: long enough to press Cancel.
  const big = path.join(os.tmpdir(), 'voscope-e2e-large.vot');
  writeVotable(big, 3_000_000);
  await page.goto('/');
  await expect(page.locator('#service-facts')).toContainText('ADQL');
  await page.locator('#adql').fill(HESS);
  await page.locator('#open-votable').setInputFiles(big);
  await expect(page.locator('#query-running')).toContainText(/Reading file voscope-e2e-large\.vot: [1-9][\d\u202f]* rows, [\d.]+ MB of [\d.]+ MB \(\d+ %\)/);
  await page.locator('#cancel-running').click();
  await expect(page.locator('#query-cancelled')).toBeVisible();
  await expect(page.locator('#row-count')).toHaveCount(0);
  await expect(page.locator('#adql')).toHaveValue(HESS);
  fs.rmSync(big);
  // A file of several pieces read to the end is the whole file.
  const mid = path.join(os.tmpdir(), 'voscope-e2e-pieces.vot');
  writeVotable(mid, 250_000);
  await page.locator('#open-votable').setInputFiles(mid);
  await expect(page.locator('#row-count')).toHaveText('250000', { timeout: 60_000 });
  fs.rmSync(mid);
});
