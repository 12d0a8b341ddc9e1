// Results, end to end against DaCHS: sorting and filtering compared with ORDER BY and
// WHERE in PostgreSQL, selections linking the table and the plots, every plot drawn
// (screenshots kept in artifacts/), exports re-read by astropy, ObsCore-aware cells,
// DataLink through DaCHS's own datalink service, and service-side aggregates.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, execSync } = require('child_process');
const { test, expect } = require('@playwright/test');
const { psql, ROOT } = require('./peers');
const { columnCells, columnValues, firstRow, rawValue, showColumn, dragAcross, clickEnergyBar } = require('./table');
const { run, sortBy, filter, pixels, download, reread } = require('./results_helpers');

const shots = path.join(__dirname, 'artifacts');
const HC = 1.239841984e-6;
const HESS = "SELECT * FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1'";

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text()); });
});


test('sorting and filtering give what ORDER BY and WHERE give in PostgreSQL', async ({ page }) => {
  test.setTimeout(120_000);
  const where = "facility_name = 'CTAO-North' AND s_dec > 20";
  await run(page, `SELECT obs_publisher_did, target_name, t_exptime, em_min, em_max, access_estsize FROM ivoa.obscore WHERE ${where}`);
  const total = Number(psql(`SELECT count(*) FROM ivoa.obscore WHERE ${where}`)[0][0]);
  await expect(page.locator('#row-count')).toHaveText(String(total));

  await sortBy(page, 't_exptime');
  await expect(page.locator('#results-scroll th[aria-sort="ascending"]')).toHaveCount(1);
  const asc = psql(`SELECT t_exptime FROM ivoa.obscore WHERE ${where} ORDER BY t_exptime ASC NULLS LAST`).map((r) => Number(r[0]));
  // t_exptime is a float column: compared at float precision (psql prints the double).
  const f32 = (v) => v.map((x) => Math.fround(Number(x)));
  expect(f32(await columnValues(page, 't_exptime'))).toEqual(f32(asc));
  await sortBy(page, 't_exptime');
  await expect(page.locator('#results-scroll th[aria-sort="descending"]')).toHaveCount(1);
  const desc = psql(`SELECT t_exptime FROM ivoa.obscore WHERE ${where} ORDER BY t_exptime DESC NULLS LAST`).map((r) => Number(r[0]));
  expect(f32(await columnValues(page, 't_exptime'))).toEqual(f32(desc));
  // Text columns sort as text (byte order, as PostgreSQL's C collation does).
  await sortBy(page, 'target_name');
  const names = psql(`SELECT target_name FROM ivoa.obscore WHERE ${where} ORDER BY target_name COLLATE "C"`).map((r) => r[0]);
  expect(await columnValues(page, 'target_name')).toEqual(names);

  // Filters: a substring, a strict numeric bound, and a bound in the unit shown (TeV).
  await filter(page, 'target_name', 'crab');
  // em_max is the lower end of the energy band, shown in the unit its values call for
  // (GeV for these thresholds): the bound is typed in that unit, 30 GeV either way.
  await filter(page, 't_exptime', '> 1000');
  const emUnit = await page.locator('#results-scroll thead th', { has: page.locator('.name', { hasText: /^em_max$/ }) })
    .locator('.unit').textContent();
  expect(['GeV', 'TeV']).toContain(emUnit.trim());
  await filter(page, 'em_max', emUnit.trim() === 'GeV' ? '< 30' : '< 0.03');
  const sql = `${where} AND target_name ILIKE '%crab%' AND t_exptime > 1000 AND em_max > ${HC / 0.03e12}`;
  const expected = psql(`SELECT obs_publisher_did FROM ivoa.obscore WHERE ${sql}`).map((r) => r[0]);
  expect(expected.length).toBeGreaterThan(5);
  expect(expected.length).toBeLessThan(total);
  await expect(page.locator('#page-info')).toContainText(`of ${expected.length} (filtered from ${total})`);
  expect((await columnValues(page, 'obs_publisher_did')).sort()).toEqual(expected.sort());
  // Sizes filter in the unit shown too: "> 1 MB" of a kbyte column.
  await filter(page, 'access_estsize', '> 1 MB');
  const big = psql(`SELECT count(*) FROM ivoa.obscore WHERE ${sql} AND access_estsize > 1024`)[0][0];
  await expect(page.locator('#page-info')).toContainText(`of ${big} (filtered`);
  await page.screenshot({ path: path.join(shots, '20-sort-filter.png') });
});

test('a selection in the table shows in the plots, and a box in a plot selects rows', async ({ page }) => {
  await run(page, HESS);
  await expect(page.locator('#row-count')).toHaveText('105');
  const rows = page.locator('#results-scroll tbody tr[data-pos]');
  for (const k of [0, 2, 4]) await rows.nth(k).click();
  await expect(page.locator('#page-info')).toContainText('3 selected');
  await expect(page.locator('#results-scroll tr.selected')).toHaveCount(3);

  await page.locator('#tab-plots').click();
  await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', '105');
  const withSelection = await pixels(page, '#plot-canvas');
  expect(withSelection.selected).toBeGreaterThan(3);

  // Clearing the selection in the table clears it in the plot.
  await page.locator('#tab-table').click();
  await page.locator('#clear-selection').click();
  await page.locator('#tab-plots').click();
  await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', '105');
  expect((await pixels(page, '#plot-canvas')).selected).toBe(0);

  // A box over the whole time-coverage plot selects every run; the table says so.
  await page.locator('#plot-time').click();
  await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', '105');
  await dragAcross(page, '#plot-canvas');
  await expect.poll(async () => (await pixels(page, '#plot-canvas')).selected).toBeGreaterThan(100);
  await page.locator('#tab-table').click();
  await expect(page.locator('#page-info')).toContainText('105 selected');

  // A click on one observation's bar selects that one row.
  await page.locator('#clear-selection').click();
  await page.locator('#tab-plots').click();
  await page.locator('#plot-energy').click();
  await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', '105');
  expect(await clickEnergyBar(page)).toBe(true);
  await page.locator('#tab-table').click();
  await expect(page.locator('#page-info')).toContainText('1 selected');
  await expect(page.locator('#results-scroll tr.selected')).toHaveCount(1);
});

test('every plot draws the rows it should; PNG and SVG exports', async ({ page }) => {
  test.setTimeout(120_000);
  await run(page, 'SELECT * FROM ivoa.obscore');
  const n = (sql) => String(psql(`SELECT count(*) FROM ivoa.obscore WHERE ${sql}`)[0][0]);
  await page.locator('#tab-plots').click();
  const cases = [
    ['plot-sky', 's_ra IS NOT NULL AND s_dec IS NOT NULL', null],
    ['plot-histogram', 't_exptime IS NOT NULL', null],
    ['plot-scatter', 't_exptime IS NOT NULL AND t_min IS NOT NULL', async () => {
      await page.locator('#scatter-x').selectOption({ label: 't_min' });
      await page.locator('#scatter-y').selectOption({ label: 't_exptime' });
    }],
    ['plot-time', 't_min IS NOT NULL AND t_max IS NOT NULL', null],
    ['plot-energy', 'em_min > 0 AND em_max > 0', null],
  ];
  for (const [tab, sql, setup] of cases) {
    await page.locator(`#${tab}`).click();
    if (setup) await setup();
    if (tab === 'plot-histogram') {
      await page.locator('#hist-column').selectOption({ label: 't_exptime' });
    }
    await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', n(sql));
    const px = await pixels(page, '#plot-canvas');
    expect(px.drawn, `${tab} draws`).toBeGreaterThan(3000);
    expect(Number(await page.locator('#plot-canvas').getAttribute('data-covered')), tab).toBeGreaterThan(tab === 'plot-histogram' ? 10 : 200);
    await page.locator('#plot-canvas').screenshot({ path: path.join(shots, `21-${tab}.png`) });
  }
  // The histogram has the non-empty bins PostgreSQL finds in the same ten bins.
  await page.locator('#plot-histogram').click();
  // The scatter's x is the histogram's column too: back to t_exptime.
  await page.locator('#hist-column').selectOption({ label: 't_exptime' });
  await page.locator('#hist-logx').uncheck();
  await page.locator('#hist-bins').fill('10');
  await page.locator('#hist-bins').press('Enter');
  const bins = psql('WITH r AS (SELECT min(t_exptime) lo, max(t_exptime) hi FROM ivoa.obscore) '
    + 'SELECT count(DISTINCT LEAST(floor((t_exptime - lo) / ((hi - lo) / 10)), 9)) FROM ivoa.obscore, r WHERE t_exptime IS NOT NULL')[0][0];
  await expect(page.locator('#plot-canvas')).toHaveAttribute('data-covered', bins);
  // Sky variants: galactic, footprints (all-sky, every row), then zoom on the field
  // below, with a field the tangent view can hold whole.
  await page.locator('#plot-sky').click();
  for (const toggle of ['#sky-galactic', '#sky-footprints']) {
    await page.locator(toggle).check();
    await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', n('s_ra IS NOT NULL'));
    expect((await pixels(page, '#plot-canvas')).drawn).toBeGreaterThan(3000);
    await page.locator('#plot-canvas').screenshot({ path: path.join(shots, `22-sky-${toggle.slice(5)}.png`) });
  }
  const png = await download(page, '#export-png', 'plot.png');
  expect(fs.readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const svg = fs.readFileSync(await download(page, '#export-svg', 'plot.svg'), 'utf8');
  expect(svg).toContain('<svg');
  expect((svg.match(/<circle/g) || []).length).toBeGreaterThan(1000);

  // Zoomed on a field 10 degrees around the Crab: every row of the cone is in the view.
  const cone = "1=CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 83.633, 22.0145, 10))";
  const inCone = psql('SELECT count(*) FROM ivoa.obscore WHERE spoint(radians(s_ra), radians(s_dec)) @ '
    + 'scircle(spoint(radians(83.633), radians(22.0145)), radians(10))')[0][0];
  expect(Number(inCone)).toBeGreaterThan(100);
  await run(page, `SELECT * FROM ivoa.obscore WHERE ${cone}`);
  await page.locator('#tab-plots').click();
  await page.locator('#sky-zoom').check();
  await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', String(inCone));
  expect((await pixels(page, '#plot-canvas')).drawn).toBeGreaterThan(3000);
  await page.locator('#plot-canvas').screenshot({ path: path.join(shots, '22-sky-zoom.png') });
});

test('exports: VOTable and CSV re-read by astropy equal the table; curl, pyvo and ADQL snippets work', async ({ page }) => {
  test.setTimeout(90_000);
  await run(page, HESS);
  const dids = psql("SELECT obs_publisher_did FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1'").map((r) => r[0]).sort();
  // Every column, in the order served (the result opens on a few of them).
  await page.locator('#columns-all').evaluate((b) => b.click());
  const headers = await page.locator('#results-scroll thead tr:first-child th .name').allTextContents();

  const votFile = await download(page, '#export-votable', 'result.vot');
  expect(fs.readFileSync(votFile, 'utf8')).toContain('<BINARY2>');
  const vot = reread(votFile, 'obs_publisher_did');
  expect(vot.rows).toBe(105);
  expect(vot.columns).toEqual(headers);
  expect(vot.values.slice().sort()).toEqual(dids);
  const info = Object.fromEntries(vot.infos);
  expect(info.voscope_query).toBe(HESS);
  expect(info.voscope_service).toBe('http://127.0.0.1:8081/tap');
  expect(info.QUERY_STATUS).toBe('OK');
  expect(Date.now() - Date.parse(info.voscope_queried_at)).toBeLessThan(120_000);

  await page.locator('#csv-values').selectOption('served');
  const csv = reread(await download(page, '#export-csv', 'result.csv'), 'obs_publisher_did');
  expect(csv.rows).toBe(105);
  expect(csv.columns).toEqual(headers);
  expect(csv.values.slice().sort()).toEqual(dids);
  // Values survive the CSV: t_exptime of each row as psql has it.
  const exptimes = reread(path.join(os.tmpdir(), 'voscope-e2e-result.csv'), 't_exptime').values.map(Number).sort((a, b) => a - b);
  const psqlExp = psql("SELECT t_exptime FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1'").map((r) => Number(r[0])).sort((a, b) => a - b);
  expect(exptimes.map(Math.fround)).toEqual(psqlExp.map(Math.fround));

  await page.locator('#copy-curl').click();
  const curl = await page.locator('#snippet-text').inputValue();
  expect(curl).toMatch(/^curl /);
  // The snippet saves result.vot where it runs: run it in a directory of its own.
  const curlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voscope-e2e-curl-'));
  execSync(curl, { encoding: 'utf8', shell: '/bin/bash', cwd: curlDir });
  const fetched = reread(path.join(curlDir, 'result.vot'), 'obs_publisher_did');
  expect(fetched.rows).toBe(105);
  expect(fetched.values.slice().sort()).toEqual(dids);

  await page.locator('#copy-pyvo').click();
  const py = await page.locator('#snippet-text').inputValue();
  expect(py).toContain('pyvo');
  const pyFile = path.join(os.tmpdir(), 'voscope-e2e-snippet.py');
  fs.writeFileSync(pyFile, py);
  execFileSync('python3', ['-m', 'py_compile', pyFile]);

  await page.locator('#copy-adql').click();
  await expect(page.locator('#snippet-text')).toHaveValue(HESS);
});

test('ObsCore cells read naturally; footprints on hover; provenance; columns can be hidden and moved', async ({ page }) => {
  await run(page, `${HESS} ORDER BY obs_id`);
  // Only the columns in view have cells (plus a margin); firstRow scrolls to each.
  await page.locator('#columns-all').evaluate((b) => b.click());
  const headers = await page.locator('#results-scroll thead tr:first-child th').count();
  const inView = await page.locator('#results-scroll tbody tr[data-pos="0"] td[data-col]').count();
  expect(inView).toBeGreaterThan(3);
  expect(inView).toBeLessThan(headers / 2);
  // Stripes belong to a row's place in the result: scrolling keeps each row's.
  const stripes = () => page.locator('#results-scroll tbody tr[data-pos]').evaluateAll((trs) => trs.map((tr) => [
    Number(tr.dataset.pos), getComputedStyle(tr.querySelector('td')).backgroundColor]));
  const striped = await stripes();
  const byParity = [0, 1].map((p) => new Set(striped.filter(([pos]) => pos % 2 === p).map(([, bg]) => bg)));
  expect(byParity.map((b) => b.size)).toEqual([1, 1]);
  expect([...byParity[0]][0]).not.toBe([...byParity[1]][0]);
  // Five rows down: the page's first row element is then the result's second.
  await page.locator('#results-scroll').evaluate((s) => { s.scrollTop = 120; });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const scrolled = new Map(await stripes());
  for (const [pos, bg] of striped) if (scrolled.has(pos)) expect(scrolled.get(pos), `row ${pos}`).toBe(bg);
  await page.locator('#results-scroll').evaluate((s) => { s.scrollTop = 0; });
  const first = await firstRow(page);
  expect(Object.keys(first)).toHaveLength(headers);
  const [row] = psql("SELECT obs_id, em_min, t_min, access_estsize, s_ra FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' ORDER BY obs_id LIMIT 1");
  expect(first.obs_id.text).toBe(row[0]);
  // em_min in TeV (hc/λ), the metres kept in the tooltip.
  expect(Number(first.em_min.text)).toBeCloseTo(HC / Number(row[1]) / 1e12, 3);
  expect(Number(rawValue(first.em_min)) / Number(row[1])).toBeCloseTo(1, 9);
  await expect(page.locator('#results-scroll thead th', { has: page.locator('.name', { hasText: /^em_min$/ }) }).locator('.unit')).toHaveText('TeV');
  // t_min as an ISO date of the MJD.
  const iso = new Date((Number(row[2]) - 40587) * 86400000).toISOString().slice(0, 19);
  expect(first.t_min.text).toBe(iso);
  expect(first.access_estsize.text).toBe(`${row[3]} kB`);
  expect(first.s_ra.text).toMatch(/^\d+\.\d+ \(\d\d:\d\d:\d\d\.\d+\)$/);

  await showColumn(page, 's_region');
  await page.locator('#results-scroll tbody tr[data-pos="0"] td.region').hover();
  await expect(page.locator('#footprint polygon')).toHaveCount(1);
  const points = (await page.locator('#footprint polygon').getAttribute('points')).trim().split(/\s+/);
  expect(points.length).toBe(12);
  await page.screenshot({ path: path.join(shots, '23-footprint.png') });

  await page.locator('#tab-provenance').click();
  const prov = page.locator('#provenance');
  await expect(prov).toContainText(`${HESS} ORDER BY obs_id`);
  await expect(prov).toContainText('http://127.0.0.1:8081/tap');
  await expect(prov).toContainText('QUERY_STATUS');
  await expect(prov.locator('dd').nth(1)).toHaveText(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);

  await page.locator('#tab-table').click();
  const names = () => page.locator('#results-scroll thead tr:first-child th .name').allTextContents();
  const before = await names();
  await showColumn(page, before[0]);
  await page.locator('.column-chooser summary').click();
  await page.locator('#column-chooser li', { hasText: /^obs_id/ }).locator('input').click();
  await expect.poll(names).toEqual(before.filter((c) => c !== 'obs_id'));
  const second = (await names())[1];
  await page.getByRole('button', { name: `move ${second} left` }).click();
  await expect.poll(async () => (await names())[0]).toBe(second);
  // The cells follow their columns, there and then: the first two cells of the first
  // row are those of the first two columns now.
  const now = await names();
  for (const k of [0, 1]) {
    await expect(page.locator(`#results-scroll tbody tr[data-pos="0"] td[data-col="${k}"]`), now[k])
      .toHaveText(first[now[k]].text);
  }
  // And each cell, scrolled to, shows what it showed before the change.
  const moved = await firstRow(page);
  expect(Object.keys(moved)).toEqual(await names());
  for (const [name, cell] of Object.entries(moved)) expect(cell.text, name).toBe(first[name].text);
});

test('DataLink: a H.E.S.S. run lists its related products from DaCHS', async ({ page }) => {
  await run(page, `${HESS} ORDER BY obs_id`);
  const first = page.locator('#results-scroll tbody tr[data-pos="0"]');
  await showColumn(page, 'access_url');
  await first.locator('button.links').click();
  const panel = page.locator('#datalink-panel');
  await expect(panel.locator('tbody tr')).toHaveCount(3);
  // The same document, fetched without the browser.
  const url = psql("SELECT access_url FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' ORDER BY obs_id LIMIT 1")[0][0];
  const doc = execFileSync('curl', ['-s', url], { encoding: 'utf8' });
  const semantics = [...doc.matchAll(/<TD>(#[a-z]+)<\/TD>/g)].map((m) => m[1]);
  expect(await panel.locator('tbody tr td:first-child').allTextContents()).toEqual(semantics);
  await expect(panel).toContainText('616 kB');
  // #this is the run's event list on this DaCHS (the project's copy of the release), and
  // #calibration the same file (its IRF HDUs); both say whose data they are.
  const [obsId, productUrl] = psql("SELECT obs_id, x_product_url FROM gammaobs.main WHERE obs_collection = 'HESS-DL3-DR1' ORDER BY obs_id LIMIT 1")[0];
  const file = `hess_dl3_dr1_obs_id_${obsId}.fits.gz`;
  expect(productUrl).toBe(`http://127.0.0.1:8081/getproduct/gammaobs/data/hess-dl3-dr1/data/${file}`);
  const link = (sem) => panel.locator('tbody tr', { has: page.locator('td:first-child', { hasText: new RegExp(`^${sem}$`) }) });
  for (const sem of ['#this', '#calibration']) await expect(link(sem).locator('a')).toHaveAttribute('href', productUrl);
  for (const sem of ['#this', '#calibration']) await expect(link(sem)).toContainText('HESS DL3 DR1, H.E.S.S. collaboration');
  await expect(link('#calibration')).toContainText('AEFF, EDISP, PSF and BKG');
  // The page reads it (CORS) and gets the file's own bytes: gzip, as committed in data/.
  const got = await page.evaluate(async (u) => {
    const b = new Uint8Array(await (await fetch(u)).arrayBuffer());
    const d = new Uint8Array(await crypto.subtle.digest('SHA-256', b));
    return { length: b.length, sha256: [...d].map((x) => x.toString(16).padStart(2, '0')).join('') };
  }, productUrl);
  const committed = fs.readFileSync(path.join(ROOT, 'data/hess-dl3-dr1/data', file));
  expect(got).toEqual({ length: committed.length, sha256: require('crypto').createHash('sha256').update(committed).digest('hex') });
  expect(committed.subarray(0, 2).toString('hex')).toBe('1f8b');
  const readme = panel.locator('a', { hasText: /README/ });
  const href = await readme.getAttribute('href');
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:8081\/.*README\.txt$/);
  const fetched = await page.evaluate(async (u) => (await fetch(u)).text(), href);
  expect(fetched).toContain('H.E.S.S.');
  await page.screenshot({ path: path.join(shots, '24-datalink.png') });
});

test('OVERFLOW: the service counts, bins and maps all the rows', async ({ page }) => {
  test.setTimeout(90_000);
  await run(page, 'SELECT * FROM ivoa.obscore', '500');
  await expect(page.locator('#overflow')).toBeVisible();
  const total = psql('SELECT count(*) FROM ivoa.obscore')[0][0];
  await page.locator('#agg-count').click();
  await expect(page.locator('#agg-total')).toHaveText(`${total} rows match the query`);

  await page.locator('#agg-column').selectOption('t_exptime');
  await page.locator('#agg-bins').fill('20');
  await page.locator('#agg-histogram').click();
  const values = psql('SELECT count(t_exptime) FROM ivoa.obscore')[0][0];
  await expect(page.locator('#agg-summary')).toHaveText(`${values} values of t_exptime in 20 bins, counted by the service`);
  const nonEmpty = psql('WITH r AS (SELECT min(t_exptime) lo, max(t_exptime) hi FROM ivoa.obscore) '
    + 'SELECT count(DISTINCT LEAST(floor((t_exptime - lo) / ((hi - lo) / 20)), 19)) FROM ivoa.obscore, r WHERE t_exptime IS NOT NULL')[0][0];
  await expect(page.locator('#agg-canvas')).toHaveAttribute('data-covered', nonEmpty);
  await page.locator('#agg-canvas').screenshot({ path: path.join(shots, '25-agg-histogram.png') });

  const label = await page.locator('#agg-sky').textContent();
  await page.locator('#agg-sky').click();
  const positioned = psql('SELECT count(*) FROM ivoa.obscore WHERE s_ra IS NOT NULL AND s_dec IS NOT NULL')[0][0];
  await expect(page.locator('#agg-summary')).toContainText(`${positioned} rows in `);
  if (label.includes('HEALPix')) await expect(page.locator('#agg-summary')).toContainText('HEALPix order 5');
  expect((await pixels(page, '#agg-canvas')).drawn).toBeGreaterThan(3000);
  await expect(page.locator('.agg-adql pre')).toContainText(label.includes('HEALPix') ? 'ivo_healpix_index' : 'FLOOR');
  await page.locator('#agg-canvas').screenshot({ path: path.join(shots, '26-agg-sky.png') });
});

test('Open a VOTable file: a saved export reopens as the same table; a truncated one is refused clearly', async ({ page }) => {
  test.setTimeout(90_000);
  await run(page, HESS);
  const votFile = await download(page, '#export-votable', 'reopen.vot');
  const dids = psql("SELECT obs_publisher_did FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1'").map((r) => r[0]).sort();

  await page.reload();
  await page.locator('#open-votable').setInputFiles(votFile);
  await expect(page.locator('#row-count')).toHaveText('105');
  await expect(page.locator('#result-summary .service')).toHaveText('file voscope-e2e-reopen.vot');
  expect((await columnValues(page, 'obs_publisher_did')).sort()).toEqual(dids);
  // The provenance the export carried is there to read.
  await page.locator('#tab-provenance').click();
  await expect(page.locator('#provenance')).toContainText('voscope_query');
  await expect(page.locator('#provenance')).toContainText(HESS);
  await page.screenshot({ path: path.join(shots, 'results-open-file.png') });

  // Cut inside the BINARY2 stream: no table, a message that says where and why.
  const text = fs.readFileSync(votFile, 'utf8');
  const cut = path.join(os.tmpdir(), 'voscope-e2e-truncated.vot');
  fs.writeFileSync(cut, text.slice(0, Math.floor(text.indexOf('</STREAM>') * 0.6)));
  await page.locator('#open-votable').setInputFiles(cut);
  await expect(page.locator('#query-error')).toContainText('voscope-e2e-truncated.vot');
  await expect(page.locator('#query-error')).toContainText(/line \d+/);
  await expect(page.locator('#row-count')).toHaveCount(0);
});
