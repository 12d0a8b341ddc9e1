// The same journeys as foundation, query_building, results and uws, against a second TAP
// implementation: AIP's Daiquiri 1.2.3 (Django, queryparser, Celery; scripts/peers/daiquiri)
// publishing the demo's ObsCore rows in its own database. Every answer is checked against
// psql on that database (daiquiri_data) or curl on Daiquiri itself, never hard-coded; where
// Daiquiri departs from the standards (README: "A second TAP service") the test says how.
const path = require('path');
const fs = require('fs');
const os = require('os');
const { execFileSync, execSync } = require('child_process');
const { test, expect } = require('@playwright/test');
const { peers, psql, tapSync, ROOT } = require('./peers');
const { columnValues, firstRow, rawValue, showColumn, dragAcross, clickEnergyBar } = require('./table');
const { pixels, download, reread } = require('./results_helpers');

const TAP = peers.daiquiri;
const DB = 'daiquiri_data';
const sql = (q) => psql(q, DB);
const shots = path.join(__dirname, 'artifacts');
const shot = (page, name) => page.screenshot({ path: path.join(shots, `daiquiri-${name}.png`), fullPage: true });

/** GET with curl: [HTTP status, body]. */
function curl(url, ...extra) {
  const out = execFileSync('curl', ['-s', '-w', '\n%{http_code}', ...extra, url], { encoding: 'utf8' });
  const cut = out.lastIndexOf('\n');
  return [Number(out.slice(cut + 1)), out.slice(0, cut)];
}

/** One element's text of a UWS document ('' when nil or absent). */
function field(doc, name) {
  const m = doc.match(new RegExp(`<uws:${name}(?: [^>]*)?>([^<]*)</uws:${name}>`));
  return m ? m[1] : '';
}

/** XML character data as text. */
const xmlText = (s) => s.replace(/&quot;/g, '"').replace(/&#x27;|&apos;/g, "'").replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The messages inside Daiquiri's error INFO (Python ErrorDetail(string='…') structures). */
function daiquiriMessages(body) {
  const info = body.match(/<INFO name="QUERY_STATUS" value="ERROR">([\s\S]*?)<\/INFO>/);
  expect(info, body).not.toBeNull();
  const text = xmlText(info[1]);
  return [...text.matchAll(/'messages': \[ErrorDetail\(string='([^']*)'/g)].map((m) => m[1]);
}

const HESS = "SELECT * FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1'";
const HESS_WHERE = "obs_collection = 'HESS-DL3-DR1'";

/**
 * The rows of a one-table TABLEDATA VOTable as Daiquiri writes it (one TD a line, NULL as
 * an empty TD), each as { FIELD name: text }.
 */
function votableRows(doc) {
  const names = [...doc.matchAll(/<FIELD [^>]*name="([^"]+)"/g)].map((m) => m[1]);
  return [...doc.matchAll(/<TR>([\s\S]*?)<\/TR>/g)].map((tr) => {
    const cells = [...tr[1].matchAll(/<TD\s*\/>|<TD>([\s\S]*?)<\/TD>/g)].map((m) => xmlText((m[1] || '').trim()));
    expect(cells.length, tr[0]).toBe(names.length);
    return Object.fromEntries(names.map((n, i) => [n, cells[i]]));
  });
}

/** The PostgreSQL backend Daiquiri recorded for a query job (its Django database). */
const jobPid = (jobId) => Number(psql(`SELECT pid FROM daiquiri_query_queryjob WHERE job_ptr_id = '${jobId}'`, 'daiquiri_app')[0][0]);

// A long query Daiquiri's ADQL translator accepts: 10^12 row combinations to count.
const LONG_QUERY = 'SELECT COUNT(*) FROM ivoa.obscore AS a, ivoa.obscore AS b, ivoa.obscore AS c';

const cone = (ra, dec, r) => `spoint(radians(s_ra), radians(s_dec)) @ scircle(spoint(radians(${ra}), radians(${dec})), radians(${r}))`;

/** The page, pointed at Daiquiri as a user does (the service URL field). */
async function open(page) {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await page.locator('#service-url').fill(TAP);
  await page.locator('#service-url').dispatchEvent('change');
  // Daiquiri's capabilities are read: its language as it names it ("adql 2.0").
  await expect(page.locator('#service-facts')).toContainText(/adql 2\.0 · MAXREC \d+/);
}

/** Runs `adql` on Daiquiri from the editor of the page `open` made, up to MAXREC `maxrec`. */
async function run(page, adql, maxrec) {
  await page.locator('#adql').fill(adql);
  if (maxrec) await page.locator('#maxrec').fill(maxrec);
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toBeVisible({ timeout: 30_000 });
}

test('VOSI: availability and capabilities as Daiquiri declares them', async ({ page }) => {
  await open(page);
  const [, avail] = curl(`${TAP}/availability`);
  expect(avail).toContain('<available>true</available>');
  await expect(page.locator('#service-availability')).toHaveText('Service available');
  const [, caps] = curl(`${TAP}/capabilities`);
  const def = caps.match(/<default unit="row">(\d+)<\/default>/)[1];
  const hard = caps.match(/<hard unit="row">(\d+)<\/hard>/)[1];
  await expect(page.locator('#service-facts')).toContainText(`MAXREC ${def} (≤ ${hard})`);
  expect(caps).toContain('#upload-inline');
  await expect(page.locator('#service-facts')).toContainText('upload ✓');
  await expect(page.locator('#maxrec')).toHaveValue(def);
  await shot(page, '01-capabilities');
});

test('schema browser: exactly the tables and columns of Daiquiri\'s TAP_SCHEMA', async ({ page }) => {
  await open(page);
  await page.locator('#schema-browser summary').click();
  await expect(page.locator('#schema-browser summary')).toContainText('from VOSI');
  const shown = (await page.locator('#schema-browser .table-name').allTextContents()).sort();
  const expected = sql('SELECT table_name FROM tap_schema.tables').map((r) => r[0]).sort();
  expect(expected).toContain('ivoa.obscore');
  expect(shown).toEqual(expected);
  await page.locator('#schema-browser button[aria-label="columns of ivoa.obscore"]').click();
  const cols = page.locator('#schema-browser table.columns tbody tr td:first-child');
  await expect(cols.first()).toBeVisible();
  const expectedCols = sql("SELECT column_name FROM tap_schema.columns WHERE table_name = 'ivoa.obscore'").map((r) => r[0]).sort();
  expect((await cols.allTextContents()).sort()).toEqual(expectedCols);
  await shot(page, '02-schema');
});

test('Crab cone: the ADQL voscope writes runs on Daiquiri and shows the rows psql finds', async ({ page }) => {
  await open(page);
  await page.locator('#target-name').fill('Crab');
  await page.locator('#radius').fill('1.5');
  await page.locator('#resolve').click();
  await expect(page.locator('#resolved')).toContainText('via Simbad');
  const ra = Number(await page.locator('#res-ra').textContent());
  const dec = Number(await page.locator('#res-dec').textContent());
  // Daiquiri's ADQL translator (queryparser) refuses the field-of-view test voscope
  // writes by default (INTERSECTS on s_region): voscope offers the pointing test.
  await expect(page.locator('#adql')).toHaveValue(/INTERSECTS\(s_region/);
  await page.locator('#run').click();
  await expect(page.locator('#query-error')).toContainText('error while translating your query', { timeout: 30_000 });
  await page.locator('#retry-pointing-after-error').click();
  await expect(page.locator('#adql')).toHaveValue(/CONTAINS\(POINT\('ICRS', s_ra, s_dec\)/);
  await expect(page.locator('#row-count')).toBeVisible({ timeout: 30_000 });
  const expected = sql(`SELECT obs_publisher_did FROM ivoa.obscore WHERE ${cone(ra, dec, 1.5)}`).map((r) => r[0]);
  expect(expected.length).toBeGreaterThan(100);
  await expect(page.locator('#row-count')).toHaveText(String(expected.length));
  await expect(page.locator('#overflow')).toHaveCount(0);
  expect((await columnValues(page, 'obs_publisher_did')).sort()).toEqual(expected.slice().sort());
  // Cells value for value, from Daiquiri's VOTable writer.
  const first = await firstRow(page);
  const did = first.obs_publisher_did.text;
  const [row] = sql(`SELECT s_ra, s_dec, t_min, em_min, facility_name, target_name FROM ivoa.obscore WHERE obs_publisher_did = '${did.replace(/'/g, "''")}'`);
  expect(Number(rawValue(first.s_ra))).toBeCloseTo(Number(row[0]), 9);
  expect(Number(rawValue(first.s_dec))).toBeCloseTo(Number(row[1]), 9);
  expect(Number(rawValue(first.t_min))).toBeCloseTo(Number(row[2]), 6);
  expect(Number(rawValue(first.em_min)) / Number(row[3])).toBeCloseTo(1, 9);
  expect(first.facility_name.text).toBe(row[4]);
  expect(first.target_name.text).toBe(row[5]);
  const raHeader = page.locator('thead th', { has: page.locator('.name', { hasText: /^s_ra$/ }) });
  await expect(raHeader.locator('.unit')).toHaveText('deg');
  await shot(page, '03-cone');
});

test('OVERFLOW: Daiquiri\'s OVERFLOW (written before its TABLE) gives the warning and its rows', async ({ page }) => {
  await open(page);
  const adql = "SELECT obs_id, s_ra FROM ivoa.obscore WHERE 1=CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 83.633, 22.0145, 1.5))";
  await page.locator('#adql').fill(adql);
  await page.locator('#maxrec').fill('7');
  await page.locator('#run').click();
  await expect(page.locator('#overflow')).toContainText('MAXREC=7');
  const body = tapSync(adql, { MAXREC: '7' }, TAP);
  expect(body.indexOf('value="OVERFLOW"')).toBeGreaterThan(0);
  expect(body.indexOf('value="OVERFLOW"')).toBeLessThan(body.indexOf('<TABLE'));
  const rows = (body.match(/<TR>/g) || []).length;
  expect(rows).toBe(7);
  await expect(page.locator('#row-count')).toHaveText(String(rows));
});

test('an ADQL error: Daiquiri\'s own messages, out of its Python structure, and the form kept', async ({ page }) => {
  await open(page);
  const bad = 'SELECT nosuchcolumn FROM ivoa.obscore';
  await page.locator('#adql').fill(bad);
  await page.locator('#run').click();
  const error = page.locator('#query-error');
  await expect(error).toBeVisible();
  const messages = daiquiriMessages(tapSync(bad, {}, TAP));
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) await expect(error).toContainText(m);
  await expect(error).toContainText('Python data structure');
  await expect(error).not.toContainText('ErrorDetail');
  await expect(page.locator('#adql')).toHaveValue(bad);
  await shot(page, '04-error');
});

test('sorting and filtering give what ORDER BY and WHERE give on Daiquiri\'s database', async ({ page }) => {
  await open(page);
  const where = "facility_name = 'CTAO-North' AND s_dec > 20";
  await page.locator('#adql').fill(`SELECT obs_publisher_did, target_name, t_exptime FROM ivoa.obscore WHERE ${where}`);
  await page.locator('#run').click();
  const total = Number(sql(`SELECT count(*) FROM ivoa.obscore WHERE ${where}`)[0][0]);
  expect(total).toBeGreaterThan(10);
  await expect(page.locator('#row-count')).toHaveText(String(total), { timeout: 30_000 });
  const sortBy = (c) => page.locator('#results-scroll thead th', { has: page.locator('.name', { hasText: new RegExp(`^${c}$`) }) })
    .locator('button.sort').click();
  await sortBy('t_exptime');
  await expect(page.locator('#results-scroll th[aria-sort="ascending"]')).toHaveCount(1);
  const asc = sql(`SELECT t_exptime FROM ivoa.obscore WHERE ${where} ORDER BY t_exptime ASC NULLS LAST`).map((r) => Number(r[0]));
  expect((await columnValues(page, 't_exptime')).map(Number)).toEqual(asc);
  const box = page.getByLabel('filter target_name', { exact: true });
  await box.fill('crab');
  await box.press('Enter');
  await box.blur();
  const crab = sql(`SELECT count(*) FROM ivoa.obscore WHERE ${where} AND target_name ILIKE '%crab%'`)[0][0];
  await expect(page.locator('#page-info')).toContainText(`of ${crab} (filtered from ${total})`);
});

test('TAP async: create, run, COMPLETED as Daiquiri says; its result; DELETE leaves it ARCHIVED there', async ({ page }) => {
  await open(page);
  const adql = 'SELECT TOP 7 obs_id, t_min FROM ivoa.obscore ORDER BY obs_id';
  await page.locator('#adql').fill(adql);
  await page.locator('#run-async').click();
  const c = page.locator('.job-card').first();
  await expect(c).toHaveAttribute('data-phase', 'COMPLETED', { timeout: 30_000 });
  const url = await c.getAttribute('data-url');
  expect(url.startsWith(`${TAP}/async/`)).toBe(true);
  const [st, doc] = curl(url);
  expect(st).toBe(200);
  expect(field(doc, 'phase')).toBe('COMPLETED');
  expect(doc).toMatch(/<uws:parameter id="query">SELECT TOP 7 obs_id, t_min FROM ivoa\.obscore ORDER BY obs_id<\/uws:parameter>/);
  await expect(c.locator('.job-field-jobid')).toHaveText(field(doc, 'jobId'));
  await expect(c.locator('.job-field-start')).toHaveText(field(doc, 'startTime'));
  await expect(c.locator('.job-field-duration')).toHaveText(`${field(doc, 'executionDuration')} s`);
  const expected = sql('SELECT obs_id FROM ivoa.obscore ORDER BY obs_id LIMIT 7').map((r) => r[0]);
  await expect(page.locator('#row-count')).toHaveText('7', { timeout: 30_000 });
  expect(await columnValues(page, 'obs_id')).toEqual(expected);
  await shot(page, '05-async');
  // Deleting (POST ACTION=DELETE): the card goes; Daiquiri keeps the job, ARCHIVED,
  // where UWS has it gone (HTTP 404).
  await c.locator('.job-delete').click();
  await expect(page.locator(`.job-card[data-url="${url}"]`)).toHaveCount(0);
  const [after, archived] = curl(url);
  expect(after).toBe(200);
  expect(field(archived, 'phase')).toBe('ARCHIVED');
});

test('TAP async with an ADQL error: Daiquiri refuses the job at creation; voscope says so with its message', async ({ page }) => {
  await open(page);
  const bad = 'SELECT nosuchcolumn FROM ivoa.obscore';
  await page.locator('#adql').fill(bad);
  await page.locator('#run-async').click();
  // Said where the answer would have been.
  const error = page.locator('#answer #query-error');
  await expect(error).toContainText('refused it (HTTP 400) instead of creating a job that reports ERROR');
  // What Daiquiri answers to the same creation (curl): no job, an error VOTable.
  const [st, body] = curl(`${TAP}/async`, '--data-urlencode', 'LANG=ADQL', '--data-urlencode', `QUERY=${bad}`);
  expect(st).toBe(400);
  for (const m of daiquiriMessages(body)) await expect(error).toContainText(m);
  await expect(page.locator('.job-card')).toHaveCount(0);
  await expect(page.locator('#adql')).toHaveValue(bad);
  await shot(page, '06-async-refused');
});

test('TAP async with an uploaded table: Daiquiri joins it with ivoa.obscore as psql does', async ({ page }) => {
  await open(page);
  const file = path.join(os.tmpdir(), 'daiquiri targets.xml');
  fs.writeFileSync(file, `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
<FIELD name="name" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double" unit="deg"/><FIELD name="dec" datatype="double" unit="deg"/>
<DATA><TABLEDATA><TR><TD>Crab</TD><TD>83.63308</TD><TD>22.0145</TD></TR><TR><TD>Mrk 421</TD><TD>166.11381</TD><TD>38.20883</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`);
  await page.locator('#upload-file').setInputFiles(file);
  await expect(page.locator('.upload-name')).toHaveValue('daiquiri_targets');
  await page.locator('#adql').fill(
    'SELECT t.name, o.obs_publisher_did FROM TAP_UPLOAD.daiquiri_targets AS t JOIN ivoa.obscore AS o '
    + "ON 1=CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', t.ra, t.dec, 0.8))",
  );
  await page.locator('#run-async').click();
  const c = page.locator('.job-card').first();
  await expect(c).toHaveAttribute('data-phase', 'COMPLETED', { timeout: 30_000 });
  const n = Number(sql(`SELECT count(*) FROM ivoa.obscore WHERE ${cone(83.63308, 22.0145, 0.8)}`)[0][0])
    + Number(sql(`SELECT count(*) FROM ivoa.obscore WHERE ${cone(166.11381, 38.20883, 0.8)}`)[0][0]);
  expect(n).toBeGreaterThan(0);
  await expect(page.locator('#row-count')).toHaveText(String(n), { timeout: 30_000 });
});

test('sync UPLOAD of a table whose columns are selected: Daiquiri 1.2.3 fails with a bare 500; voscope says it got no answer', async ({ page }) => {
  await open(page);
  const file = path.join(os.tmpdir(), 'sync targets.xml');
  fs.writeFileSync(file, `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
<FIELD name="name" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double"/><FIELD name="dec" datatype="double"/>
<DATA><TABLEDATA><TR><TD>Crab</TD><TD>83.63308</TD><TD>22.0145</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`);
  await page.locator('#upload-file').setInputFiles(file);
  const adql = 'SELECT t.name, o.obs_id FROM TAP_UPLOAD.sync_targets AS t JOIN ivoa.obscore AS o '
    + "ON 1=CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', t.ra, t.dec, 1.0))";
  // The same request with curl first: an HTTP 500 page, gunicorn's own (Daiquiri raises
  // while streaming the result), so without the CORS headers the browser needs to read it.
  // (Sent one after the other: two uploads of the same name at once collide in Daiquiri's
  // upload schema, and the loser gets Django's 500 page, which has the CORS headers.)
  const [st] = curl(`${TAP}/sync`, '-F', 'REQUEST=doQuery', '-F', 'LANG=ADQL', '-F', `QUERY=${adql}`,
    '-F', 'UPLOAD=sync_targets,param:t', '-F', `t=@${file}`);
  expect(st).toBe(500);
  const [, headers] = curl(`${TAP}/sync`, '-o', '/dev/null', '-D', '-', '-H', 'Origin: http://127.0.0.1:8390',
    '-F', 'REQUEST=doQuery', '-F', 'LANG=ADQL', '-F', `QUERY=${adql}`, '-F', 'UPLOAD=sync_targets,param:t', '-F', `t=@${file}`);
  expect(headers).toMatch(/^HTTP\/1\.1 500/);
  expect(headers.toLowerCase()).not.toContain('access-control-allow-origin');
  await page.locator('#adql').fill(adql);
  await page.locator('#run').click();
  await expect(page.locator('#query-error')).toContainText('Could not reach http://127.0.0.1:8084');
  await expect(page.locator('#query-error')).toContainText('CORS');
  await expect(page.locator('#adql')).toHaveValue(adql);
});

test('results on a Daiquiri answer: a selection in the table shows in the plots, and a box in a plot selects rows', async ({ page }) => {
  await open(page);
  await run(page, HESS);
  const n = sql(`SELECT count(*) FROM ivoa.obscore WHERE ${HESS_WHERE}`)[0][0];
  await expect(page.locator('#row-count')).toHaveText(n);
  const rows = page.locator('#results-scroll tbody tr[data-pos]');
  for (const k of [0, 2, 4]) await rows.nth(k).click();
  await expect(page.locator('#page-info')).toContainText('3 selected');
  await expect(page.locator('#results-scroll tr.selected')).toHaveCount(3);
  await page.locator('#tab-plots').click();
  await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', n);
  expect((await pixels(page, '#plot-canvas')).selected).toBeGreaterThan(3);
  // Cleared in the table, cleared in the plot.
  await page.locator('#tab-table').click();
  await page.locator('#clear-selection').click();
  await page.locator('#tab-plots').click();
  await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', n);
  expect((await pixels(page, '#plot-canvas')).selected).toBe(0);
  // A box over the whole time-coverage plot selects every run.
  await page.locator('#plot-time').click();
  await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', n);
  await dragAcross(page, '#plot-canvas');
  await expect.poll(async () => (await pixels(page, '#plot-canvas')).selected).toBeGreaterThan(100);
  await page.locator('#tab-table').click();
  await expect(page.locator('#page-info')).toContainText(`${n} selected`);
  // A click on one observation's bar of the energy plot selects that one row.
  await page.locator('#clear-selection').click();
  await page.locator('#tab-plots').click();
  await page.locator('#plot-energy').click();
  await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', n);
  expect(await clickEnergyBar(page)).toBe(true);
  await page.locator('#tab-table').click();
  await expect(page.locator('#page-info')).toContainText('1 selected');
  await expect(page.locator('#results-scroll tr.selected')).toHaveCount(1);
  await shot(page, '07-selection');
});

test('results on a Daiquiri answer: every plot draws the rows psql counts', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page);
  const total = sql('SELECT count(*) FROM ivoa.obscore')[0][0];
  // MAXREC one more than the rows: Daiquiri says OVERFLOW for exactly MAXREC rows too.
  await run(page, 'SELECT * FROM ivoa.obscore', String(Number(total) + 1));
  await expect(page.locator('#row-count')).toHaveText(total);
  await expect(page.locator('#overflow')).toHaveCount(0);
  const n = (where) => sql(`SELECT count(*) FROM ivoa.obscore WHERE ${where}`)[0][0];
  await page.locator('#tab-plots').click();
  const plots = [
    ['plot-sky', 's_ra IS NOT NULL AND s_dec IS NOT NULL', async () => {}],
    ['plot-histogram', 't_exptime IS NOT NULL', () => page.locator('#hist-column').selectOption({ label: 't_exptime' })],
    ['plot-scatter', 't_exptime IS NOT NULL AND t_min IS NOT NULL', async () => {
      await page.locator('#scatter-x').selectOption({ label: 't_min' });
      await page.locator('#scatter-y').selectOption({ label: 't_exptime' });
    }],
    ['plot-time', 't_min IS NOT NULL AND t_max IS NOT NULL', async () => {}],
    ['plot-energy', 'em_min > 0 AND em_max > 0', async () => {}],
  ];
  for (const [tab, where, choose] of plots) {
    await page.locator(`#${tab}`).click();
    await choose();
    await expect(page.locator('#plot-canvas'), tab).toHaveAttribute('data-plotted', n(where));
    expect((await pixels(page, '#plot-canvas')).drawn, `${tab} draws`).toBeGreaterThan(3000);
    await page.locator('#plot-canvas').screenshot({ path: path.join(shots, `daiquiri-08-${tab}.png`) });
  }
  // Ten linear bins of t_exptime: the non-empty ones are those PostgreSQL finds.
  await page.locator('#plot-histogram').click();
  await page.locator('#hist-column').selectOption({ label: 't_exptime' });
  await page.locator('#hist-logx').uncheck();
  await page.locator('#hist-bins').fill('10');
  await page.locator('#hist-bins').press('Enter');
  const bins = sql('WITH r AS (SELECT min(t_exptime) lo, max(t_exptime) hi FROM ivoa.obscore) '
    + 'SELECT count(DISTINCT LEAST(floor((t_exptime - lo) / ((hi - lo) / 10)), 9)) FROM ivoa.obscore, r WHERE t_exptime IS NOT NULL')[0][0];
  await expect(page.locator('#plot-canvas')).toHaveAttribute('data-covered', bins);
});

test('exports of a Daiquiri answer: VOTable and CSV re-read by astropy equal the table; the curl snippet runs on Daiquiri', async ({ page }) => {
  test.setTimeout(90_000);
  await open(page);
  await run(page, HESS);
  const dids = sql(`SELECT obs_publisher_did FROM ivoa.obscore WHERE ${HESS_WHERE}`).map((r) => r[0]).sort();
  await expect(page.locator('#row-count')).toHaveText(String(dids.length));
  await page.locator('#columns-all').evaluate((b) => b.click());
  const headers = await page.locator('#results-scroll thead tr:first-child th .name').allTextContents();
  const served = sql("SELECT column_name FROM tap_schema.columns WHERE table_name = 'ivoa.obscore'").map((r) => r[0]);
  expect(headers.slice().sort()).toEqual(served.sort());

  const vot = reread(await download(page, '#export-votable', 'daiquiri.vot'), 'obs_publisher_did');
  expect(vot.rows).toBe(dids.length);
  expect(vot.columns).toEqual(headers);
  expect(vot.values.slice().sort()).toEqual(dids);
  const info = Object.fromEntries(vot.infos);
  expect(info.voscope_query).toBe(HESS);
  expect(info.voscope_service).toBe(TAP);
  expect(info.QUERY_STATUS).toBe('OK');

  await page.locator('#csv-values').selectOption('served');
  const csvFile = await download(page, '#export-csv', 'daiquiri.csv');
  const csv = reread(csvFile, 'obs_publisher_did');
  expect(csv.rows).toBe(dids.length);
  expect(csv.columns).toEqual(headers);
  expect(csv.values.slice().sort()).toEqual(dids);
  // Values survive the CSV: each run's t_min and em_max as psql has them.
  for (const column of ['t_min', 'em_max']) {
    const got = reread(csvFile, column).values.map(Number).sort((a, b) => a - b);
    const want = sql(`SELECT ${column} FROM ivoa.obscore WHERE ${HESS_WHERE}`).map((r) => Number(r[0])).sort((a, b) => a - b);
    expect(got.length).toBe(want.length);
    got.forEach((v, i) => expect(v / want[i], column).toBeCloseTo(1, 9));
  }

  // The curl snippet asks Daiquiri itself and saves its answer as result.vot.
  await page.locator('#copy-curl').click();
  const snippet = await page.locator('#snippet-text').inputValue();
  expect(snippet).toMatch(/^curl /);
  expect(snippet).toContain(`${TAP}/sync`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voscope-e2e-daiquiri-curl-'));
  execSync(snippet, { encoding: 'utf8', shell: '/bin/bash', cwd: dir });
  const fetched = reread(path.join(dir, 'result.vot'), 'obs_publisher_did');
  expect(fetched.rows).toBe(dids.length);
  expect(fetched.values.slice().sort()).toEqual(dids);
});

test('DataLink on Daiquiri: a H.E.S.S. run lists the products Daiquiri\'s datalink service gives, and they open', async ({ page }) => {
  await open(page);
  await run(page, `${HESS} ORDER BY obs_id`);
  const [[did, linksUrl, format, productUrl]] = sql(`SELECT obs_publisher_did, access_url, access_format, x_product_url FROM ivoa.obscore WHERE ${HESS_WHERE} ORDER BY obs_id LIMIT 1`);
  expect(format).toContain('content=datalink');
  expect(linksUrl).toBe(`${new URL(TAP).origin}/datalink/links?ID=${encodeURIComponent(did)}`);
  await showColumn(page, 'access_url');
  await page.locator('#results-scroll tbody tr[data-pos="0"] button.links').click();
  const panel = page.locator('#datalink-panel');
  // The same document with curl: the links of Daiquiri's own table (tap_schema.datalink).
  const [st, doc] = curl(linksUrl);
  expect(st).toBe(200);
  const links = votableRows(doc);
  const stored = sql(`SELECT semantics, access_url, content_type, coalesce(content_length::text, '') FROM tap_schema.datalink WHERE "ID" = '${did}'`);
  expect(stored.length).toBeGreaterThan(0);
  expect(links.map((l) => [l.semantics, l.access_url, l.content_type, l.content_length]).sort())
    .toEqual(stored.map((r) => r.map((v) => v || '')).sort());
  // Daiquiri labels it application/xml for a desktop browser's User-Agent (the DataLink
  // type for others, curl's); voscope reads it by its content.
  const type = (ua) => execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{content_type}', '-A', ua, linksUrl], { encoding: 'utf8' });
  expect(type(await page.evaluate(() => navigator.userAgent))).toBe('application/xml');
  expect(type('curl/7.88.1')).toBe('application/x-votable+xml;content=datalink');
  await expect(panel.locator('tbody tr')).toHaveCount(links.length);
  for (const [k, l] of links.entries()) {
    const tr = panel.locator('tbody tr').nth(k);
    await expect(tr.locator('td[data-label="semantics"]')).toHaveText(l.semantics);
    await expect(tr.locator('td[data-label="product"] a')).toHaveAttribute('href', l.access_url);
    await expect(tr.locator('td[data-label="type"]')).toHaveText(l.content_type);
    await expect(tr.locator('td[data-label="description"]')).toContainText(l.description);
    if (l.content_length) {
      // Shown in kB (1024 bytes), to three significant digits.
      const shown = (await tr.locator('td[data-label="size"]').textContent()).match(/^([\d.]+) kB$/);
      expect(shown, 'size').not.toBeNull();
      expect(Number(shown[1]) * 1024 / Number(l.content_length)).toBeCloseTo(1, 2);
    }
  }
  // #this is the run's event list at the DaCHS demo: the page reads it (CORS) and gets
  // the committed file's own bytes.
  const self = links.find((l) => l.semantics === '#this');
  expect(self.access_url).toBe(productUrl);
  const got = await page.evaluate(async (u) => {
    const b = new Uint8Array(await (await fetch(u)).arrayBuffer());
    const d = new Uint8Array(await crypto.subtle.digest('SHA-256', b));
    return { length: b.length, sha256: [...d].map((x) => x.toString(16).padStart(2, '0')).join('') };
  }, self.access_url);
  const committed = fs.readFileSync(path.join(ROOT, 'data', new URL(productUrl).pathname.split('/gammaobs/data/')[1]));
  expect(got).toEqual({ length: committed.length, sha256: require('crypto').createHash('sha256').update(committed).digest('hex') });
  expect(Number(self.content_length)).toBe(committed.length);
  const docs = links.find((l) => l.semantics === '#documentation');
  expect(await page.evaluate(async (u) => (await fetch(u)).text(), docs.access_url)).toContain('H.E.S.S.');
  await shot(page, '09-datalink');
});

test('TAP async ABORT on Daiquiri: a long query aborted from its card is ABORTED there, its database query cancelled, and no result is shown', async ({ page }) => {
  await open(page);
  // Far longer than the test (Daiquiri's default queue would stop it after 30 s).
  await page.locator('#adql').fill(LONG_QUERY);
  await page.locator('#run-async').click();
  const c = page.locator('.job-card').first();
  await expect(c).toHaveAttribute('data-phase', 'EXECUTING', { timeout: 20_000 });
  const url = await c.getAttribute('data-url');
  const [, doc] = curl(url);
  expect(field(doc, 'phase')).toBe('EXECUTING');
  // The query runs in Daiquiri's database, in the backend Daiquiri records for the job.
  const backend = () => sql(`SELECT state, query FROM pg_stat_activity WHERE pid = ${jobPid(field(doc, 'jobId'))}`);
  expect(backend()[0]).toEqual(['active', expect.stringContaining('obscore')]);
  await expect(c.locator('.job-run')).toBeDisabled();
  await c.locator('.job-abort').click();
  await expect(c).toHaveAttribute('data-phase', 'ABORTED');
  const [, aborted] = curl(url);
  expect(field(aborted, 'phase')).toBe('ABORTED');
  // Daiquiri lists its result formats whatever the phase; each says there is none.
  const listed = [...aborted.matchAll(/<uws:result [^>]*xlink:href="([^"]+)"/g)].map((m) => m[1]);
  expect(listed.length).toBeGreaterThan(0);
  for (const r of listed) {
    const [code, body] = curl(r);
    expect(code, r).toBe(400);
    expect(body).toContain('Job is not COMPLETED');
  }
  // Daiquiri cancels the query (pg_cancel_backend, from its worker): the backend stops.
  await expect.poll(() => { const b = backend(); return b.length === 0 || b[0][0] !== 'active'; }, { timeout: 15_000 }).toBe(true);
  await expect(c.locator('.job-abort')).toBeDisabled();
  await expect(c.locator('.job-load-result')).toBeDisabled();
  await expect(page.locator('#row-count')).toHaveCount(0);
  await shot(page, '10-aborted');
  await c.locator('.job-delete').click();
  await expect(c).toHaveCount(0);
  expect(field(curl(url)[1], 'phase')).toBe('ARCHIVED');
});
