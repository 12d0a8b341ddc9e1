// The same journeys as foundation, query_building, results and uws, against a second TAP
// implementation: AIP's Daiquiri 1.2.3 (Django, queryparser, Celery; scripts/peers/daiquiri)
// publishing the demo's ObsCore rows in its own database. Every answer is checked against
// psql on that database (daiquiri_data) or curl on Daiquiri itself, never hard-coded; where
// Daiquiri departs from the standards (README: "A second TAP service") the test says how.
const path = require('path');
const fs = require('fs');
const os = require('os');
const { execFileSync } = require('child_process');
const { test, expect } = require('@playwright/test');
const { peers, psql, tapSync } = require('./peers');
const { columnValues, firstRow, rawValue } = require('./table');

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

/** The messages inside Daiquiri's error INFO (Python ErrorDetail(string='…') structures). */
function daiquiriMessages(body) {
  const info = body.match(/<INFO name="QUERY_STATUS" value="ERROR">([\s\S]*?)<\/INFO>/);
  expect(info, body).not.toBeNull();
  const text = info[1].replace(/&quot;/g, '"').replace(/&#x27;|&apos;/g, "'").replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...text.matchAll(/'messages': \[ErrorDetail\(string='([^']*)'/g)].map((m) => m[1]);
}

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
  await page.locator('#adql').fill(adql);
  await page.locator('#run').click();
  // The same request with curl: an HTTP 500 page, gunicorn's own (Daiquiri raises while
  // streaming the result), so without the CORS headers the browser needs to read it.
  const [st] = curl(`${TAP}/sync`, '-F', 'REQUEST=doQuery', '-F', 'LANG=ADQL', '-F', `QUERY=${adql}`,
    '-F', 'UPLOAD=sync_targets,param:t', '-F', `t=@${file}`);
  expect(st).toBe(500);
  const [, headers] = curl(`${TAP}/sync`, '-o', '/dev/null', '-D', '-', '-H', 'Origin: http://127.0.0.1:8390',
    '-F', 'REQUEST=doQuery', '-F', 'LANG=ADQL', '-F', `QUERY=${adql}`, '-F', 'UPLOAD=sync_targets,param:t', '-F', `t=@${file}`);
  expect(headers).toMatch(/^HTTP\/1\.1 500/);
  expect(headers.toLowerCase()).not.toContain('access-control-allow-origin');
  await expect(page.locator('#query-error')).toContainText('Could not reach http://127.0.0.1:8084');
  await expect(page.locator('#query-error')).toContainText('CORS');
  await expect(page.locator('#adql')).toHaveValue(adql);
});
