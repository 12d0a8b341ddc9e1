// Query building against the real DaCHS and the Sesame replay: resolvers, typed
// coordinates, capabilities, the Registry, the schema browser, the ObsCore form (each
// result compared with psql on the same table), the ADQL editor, and TAP UPLOAD.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { test, expect } = require('@playwright/test');
const { peers, psql } = require('./peers');
const { columnValues } = require('./table');

const shots = path.join(__dirname, 'artifacts');
const shot = (page, name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
const HC = 1.239841984e-6;

async function open(page) {
  page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text()); });
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await expect(page.locator('#service-facts')).toContainText('ADQL');
}

test('capabilities: MAXREC default, upload and UDFs come from the service', async ({ page }) => {
  await open(page);
  await expect(page.locator('#service-availability')).toHaveText('Service available');
  await expect(page.locator('#service-facts')).toContainText('MAXREC 20000 (≤ 20000000)');
  await expect(page.locator('#service-facts')).toContainText('upload ✓');
  await expect(page.locator('#maxrec')).toHaveValue('20000');
  // A UDF the service declares passes the editor's check; an undeclared one does not.
  await page.locator('#adql').fill("SELECT gavo_specconv(em_min, 'TeV') FROM ivoa.obscore");
  await expect(page.locator('#adql-check')).toContainText('valid ADQL syntax');
  await page.locator('#adql').fill('SELECT my_thing(em_min) FROM ivoa.obscore');
  await expect(page.locator('#adql-error')).toContainText('my_thing is neither an ADQL function');
  // Not ADQL 2.1, but DaCHS runs it (curl on its /sync: QUERY_STATUS OK): a warning beside
  // the verdict, and Run runs it.
  await page.locator('#adql').fill('SELECT TOP 2 a.obs_id FROM ivoa.obscore AS a CROSS JOIN ivoa.obscore AS b');
  await expect(page.locator('#adql-check .adql-warning')).toContainText('not standard ADQL 2.1: CROSS JOIN');
  await expect(page.locator('#adql-check .adql-warning')).toContainText('this service accepts it');
  await expect(page.locator('#adql-check')).toContainText('valid ADQL syntax');
  await expect(page.locator('#adql-error')).toHaveCount(0);
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toHaveText('2');
  // ESCAPE: neither ADQL 2.1 nor accepted by DaCHS: an error, naming the REC's rule.
  await page.locator('#adql').fill("SELECT obs_id FROM ivoa.obscore WHERE obs_id LIKE 'x!%' ESCAPE '!'");
  await expect(page.locator('#adql-error')).toContainText('LIKE … ESCAPE is not part of ADQL 2.1');
  await expect(page.locator('#adql-error')).toContainText('rule like_predicate');
  // UPPER is an optional feature DaCHS does not declare (it declares LOWER): a warning.
  await page.locator('#adql').fill('SELECT TOP 1 UPPER(obs_id) FROM ivoa.obscore');
  await expect(page.locator('#adql-check .adql-warning')).toContainText('UPPER is an optional ADQL 2.1 feature');
});

test('Sesame: resolver choice, typed and galactic coordinates, session cache', async ({ page }) => {
  await open(page);
  const sesameCalls = [];
  page.on('request', (r) => { if (r.url().includes('nph-sesame')) sesameCalls.push(r.url()); });
  await page.locator('#resolver').selectOption('N');
  await page.locator('#target-name').fill('Crab');
  await page.locator('#resolve').click();
  await expect(page.locator('#res-resolver')).toHaveText('NED');
  expect(sesameCalls.at(-1)).toContain('/-oxpI/N?Crab');
  await page.locator('#resolver').selectOption('SNV');
  await page.locator('#target-name').fill('PKS 2155-304');
  await page.locator('#resolve').click();
  await expect(page.locator('#res-resolver')).toHaveText('Simbad');
  await expect(page.locator('#res-otype')).toHaveText('BLL');
  await expect(page.locator('#res-aliases')).toContainText('HESS J2158-302');
  // The same name again: answered from the session cache, no new request.
  const before = sesameCalls.length;
  await page.locator('#target-name').fill('Crab');
  await page.locator('#resolve').click();
  await page.locator('#target-name').fill('PKS 2155-304');
  await page.locator('#resolve').click();
  await expect(page.locator('#res-ra')).toHaveText('329.716941');
  expect(sesameCalls.length).toBe(before + 1);
  // Coordinates need no resolver.
  await page.locator('#target-name').fill('05:34:31.94 +22:00:52.2');
  await page.locator('#resolve').click();
  await expect(page.locator('#res-resolver')).toHaveText('typed ICRS coordinates');
  await expect(page.locator('#res-ra')).toHaveText('83.633083');
  await page.locator('#target-name').fill('l=184.5575 b=-5.7843');
  await page.locator('#resolve').click();
  await expect(page.locator('#res-resolver')).toHaveText('typed galactic coordinates');
  expect(Number(await page.locator('#res-ra').textContent())).toBeCloseTo(83.633, 2);
  expect(sesameCalls.length).toBe(before + 1);
  await shot(page, '10-resolvers');
});

test('Registry: find the demo service by keyword and use it', async ({ page }) => {
  await open(page);
  await page.locator('#service-url').fill('https://example.org/other/tap');
  await page.locator('#find-services').click();
  await page.locator('#registry-words').fill('Cherenkov');
  await page.locator('#registry-search').click();
  await expect(page.locator('#registry-count')).toBeVisible();
  const titles = await page.locator('.registry-hits li button').allTextContents();
  expect(titles).toContain('voscope demo: very-high-energy gamma-ray observations');
  // Every hit's URL is one the registry tables hold (psql on the same database).
  const urls = new Set(psql('SELECT DISTINCT access_url FROM rr.interface').map((r) => r[0]));
  for (const hint of await page.locator('.registry-hits li .hint').allTextContents()) {
    const url = hint.replace(/^ \((a table of )?/, '').replace(/\)$/, '');
    expect(urls.has(url), url).toBe(true);
  }
  await shot(page, '11-registry');
  await page.locator('.registry-hits li button', { hasText: 'voscope demo' }).click();
  await expect(page.locator('#service-url')).toHaveValue(peers.tap);
  await expect(page.locator('#service-facts')).toContainText('ADQL');
});

test('schema browser: exactly the tables and columns of TAP_SCHEMA', async ({ page }) => {
  await open(page);
  await page.locator('#schema-browser summary').click();
  await expect(page.locator('#schema-browser summary')).toContainText('from VOSI');
  const shown = (await page.locator('#schema-browser .table-name').allTextContents()).sort();
  const expected = psql('SELECT table_name FROM tap_schema.tables').map((r) => r[0]).sort();
  expect(shown).toEqual(expected);
  await page.locator('#schema-browser button[aria-label="columns of ivoa.obscore"]').click();
  const cols = page.locator('#schema-browser table.columns tbody tr td:first-child');
  await expect(cols.first()).toBeVisible();
  const shownCols = (await cols.allTextContents()).sort();
  const expectedCols = psql("SELECT column_name FROM tap_schema.columns WHERE table_name = 'ivoa.obscore'").map((r) => r[0]).sort();
  expect(shownCols).toEqual(expectedCols);
  // Search narrows the list.
  await page.locator('#schema-filter').fill('interface');
  await expect(page.locator('#schema-browser .table-name')).toHaveText(['rr.interface']);
  await shot(page, '12-schema');
});

test('ADQL editor: errors marked before sending, completion of columns', async ({ page }) => {
  await open(page);
  await expect(page.locator('#schema-browser summary')).toContainText('from VOSI');
  await page.locator('#adql').fill('SELECT *\nFORM ivoa.obscore');
  await expect(page.locator('#adql-error')).toContainText('line 2, column 1');
  await expect(page.locator('.adql-highlight .tok-bad')).toHaveCount(1);
  await page.locator('#adql').fill('SELECT  FROM ivoa.obscore');
  await page.locator('#adql').evaluate((t) => t.setSelectionRange(7, 7));
  await page.locator('#adql').pressSequentially('s_r');
  await expect(page.locator('#adql-completions')).toContainText('s_ra');
  await page.keyboard.press('Enter');
  await expect(page.locator('#adql')).toHaveValue('SELECT s_ra FROM ivoa.obscore');
  await expect(page.locator('#adql-check')).toContainText('valid ADQL syntax');
  // After non-ASCII text the caret (UTF-16 units) and the query (bytes) differ: the
  // completion still lands at the caret, and nothing panics.
  await page.locator('#adql').fill("SELECT 'é→ü',  FROM ivoa.obscore");
  await page.locator('#adql').evaluate((t) => t.setSelectionRange(14, 14));
  await page.locator('#adql').pressSequentially('s_r');
  await expect(page.locator('#adql-completions')).toContainText('s_ra');
  await page.keyboard.press('Enter');
  await expect(page.locator('#adql')).toHaveValue("SELECT 'é→ü', s_ra FROM ivoa.obscore");
  await shot(page, '13-editor');
});

// Each combination of the form, run on DaCHS, compared with the same constraints
// written as SQL for psql.
const combos = [
  { name: 'time', time: ['2004-01-01', '2004-12-31'], sql: (c) => `t_min <= ${c.end} AND t_max >= ${c.start}` },
  { name: 'energy', energy: ['30', '100', 'TeV'], sql: () => `em_min <= ${HC / 30e12} AND em_max >= ${HC / 100e12}` },
  { name: 'energy GeV', energy: ['20', '', 'GeV'], sql: () => `em_min <= ${HC / 20e9}` },
  { name: 'product type', checks: { 'dataproduct-types': ['cube'] }, sql: () => "dataproduct_type = 'cube'" },
  { name: 'calibration level', checks: { 'calib-levels': ['3', '4'] }, sql: () => 'calib_level IN (3, 4)' },
  { name: 'collection', checks: { collections: ['HESS-DL3-DR1'] }, sql: () => "obs_collection = 'HESS-DL3-DR1'" },
  { name: 'facility', checks: { facilities: ['MAGIC', 'VERITAS'] }, sql: () => "facility_name IN ('MAGIC', 'VERITAS')" },
  {
    name: 'cone + time + energy + type + facility',
    target: 'Crab', radius: '2', time: ['2015-01-01', '2025-01-01'], energy: ['0.1', '', 'TeV'],
    checks: { 'dataproduct-types': ['event'], facilities: ['H.E.S.S.', 'CTAO-North'] },
    sql: (c) => `s_region && scircle(spoint(radians(${c.ra}), radians(${c.dec})), radians(2)) `
      + `AND t_min <= ${c.end} AND t_max >= ${c.start} AND em_min <= ${HC / 0.1e12} AND dataproduct_type = 'event' `
      + "AND facility_name IN ('H.E.S.S.', 'CTAO-North')",
  },
  {
    name: 'cone + collection + level', target: 'PKS 2155-304', radius: '1.5',
    checks: { collections: ['SYNTH-HESS'], 'calib-levels': ['2'] },
    sql: (c) => `s_region && scircle(spoint(radians(${c.ra}), radians(${c.dec})), radians(1.5)) `
      + "AND obs_collection = 'SYNTH-HESS' AND calib_level = 2",
  },
];

const mjd = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86400000 + 40587;

for (const combo of combos) {
  test(`ObsCore form: ${combo.name} returns what psql returns`, async ({ page }) => {
    await open(page);
    // Wait for the choice lists the service fills.
    await page.locator('#obscore-filters summary').click();
    await expect(page.locator('#facilities input[value="MAGIC"]')).toBeVisible();
    const ctx = {};
    if (combo.target) {
      await page.locator('#target-name').fill(combo.target);
      await page.locator('#radius').fill(combo.radius);
      await page.locator('#resolve').click();
      await expect(page.locator('#resolved')).toBeVisible();
      ctx.ra = Number(await page.locator('#res-ra').textContent());
      ctx.dec = Number(await page.locator('#res-dec').textContent());
    }
    if (combo.time) {
      await page.locator('#time-start').fill(combo.time[0]);
      await page.locator('#time-end').fill(combo.time[1]);
      ctx.start = mjd(combo.time[0]);
      ctx.end = mjd(combo.time[1]);
    }
    if (combo.energy) {
      await page.locator('#energy-unit').selectOption(combo.energy[2]);
      await page.locator('#energy-min').fill(combo.energy[0]);
      await page.locator('#energy-max').fill(combo.energy[1]);
    }
    for (const [group, values] of Object.entries(combo.checks || {})) {
      for (const v of values) await page.locator(`#${group} input[value="${v}"]`).check();
    }
    await expect(page.locator('#adql-check')).toContainText('valid ADQL syntax');
    await page.locator('#top').fill('');
    await page.locator('#maxrec').fill('20000');
    await page.locator('#run').click();
    await expect(page.locator('#row-count')).toBeVisible({ timeout: 30_000 });
    const expected = psql(`SELECT obs_publisher_did FROM ivoa.obscore WHERE ${combo.sql(ctx)}`).map((r) => r[0]);
    expect(expected.length, 'the combination selects something').toBeGreaterThan(0);
    await expect(page.locator('#row-count')).toHaveText(String(expected.length));
    if (expected.length <= 1000) {
      const shown = await columnValues(page, 'obs_publisher_did');
      expect(shown.sort()).toEqual(expected.sort());
    }
    await shot(page, `14-form-${combo.name.replace(/[^a-z]+/g, '-')}`);
  });
}

test('TAP UPLOAD: a target list joined with ivoa.obscore matches psql', async ({ page }) => {
  await open(page);
  const targets = [['Crab', 83.63308, 22.0145], ['PKS 2155-304', 329.71694, -30.22559], ['Vela pulsar', 128.83606, -45.17643]];
  const rows = targets.map(([n, ra, dec]) => `<TR><TD>${n}</TD><TD>${ra}</TD><TD>${dec}</TD></TR>`).join('\n');
  const file = path.join(os.tmpdir(), 'my targets.xml');
  fs.writeFileSync(file, `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
<FIELD name="name" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double" unit="deg"/><FIELD name="dec" datatype="double" unit="deg"/>
<DATA><TABLEDATA>
${rows}
</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`);
  await page.locator('#maxrec').fill('100000');
  await page.locator('#upload-file').setInputFiles(file);
  await expect(page.locator('.upload-item')).toContainText('3 rows');
  await expect(page.locator('.upload-name')).toHaveValue('my_targets');
  await page.locator('#adql').fill(
    'SELECT t.name, o.obs_publisher_did FROM TAP_UPLOAD.my_targets AS t JOIN ivoa.obscore AS o '
    + "ON 1=CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', t.ra, t.dec, 1.0))",
  );
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toBeVisible({ timeout: 30_000 });
  const expected = [];
  for (const [n, ra, dec] of targets) {
    for (const [did] of psql(`SELECT obs_publisher_did FROM ivoa.obscore WHERE spoint(radians(s_ra), radians(s_dec)) @ scircle(spoint(radians(${ra}), radians(${dec})), radians(1.0))`)) {
      expected.push(`${n}|${did}`);
    }
  }
  await expect(page.locator('#row-count')).toHaveText(String(expected.length));
  const names = await columnValues(page, 'name');
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toBeVisible({ timeout: 30_000 });
  const dids = await columnValues(page, 'obs_publisher_did');
  const shown = names.map((n, i) => `${n}|${dids[i]}`);
  expect(shown.sort()).toEqual(expected.sort());
  await shot(page, '15-upload');
});
