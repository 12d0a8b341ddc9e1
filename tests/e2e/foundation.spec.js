// The foundation path, end to end: name → Sesame → ADQL → DaCHS /sync → VOTable → table,
// checked against independent answers of the same services (psql, curl).
const path = require('path');
const { test, expect } = require('@playwright/test');
const { peers, psql, tapSync, script } = require('./peers');
const { columnValues, firstRow, rawValue } = require('./table');

const shots = path.join(__dirname, 'artifacts');
const shot = (page, name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
});

test('Crab: resolve, generate ADQL, run on DaCHS, and show the rows psql finds', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#service-url')).toHaveValue(peers.tap);
  await page.locator('#target-name').fill('Crab');
  await page.locator('#radius').fill('1.5');
  await page.locator('#resolve').click();
  await expect(page.locator('#resolved')).toContainText('via Simbad');
  await shot(page, '01-resolved');

  const ra = Number(await page.locator('#res-ra').textContent());
  const dec = Number(await page.locator('#res-dec').textContent());
  expect(ra).toBeCloseTo(83.633, 2);
  expect(dec).toBeCloseTo(22.0145, 2);
  const adql = await page.locator('#adql').inputValue();
  expect(adql).toMatch(/^SELECT TOP 1000 \* FROM ivoa\.obscore\s+WHERE 1=INTERSECTS\(s_region, CIRCLE\('ICRS', 83\.63\d*, 22\.01\d*, 1\.5\)\)$/);
  await shot(page, '02-adql');

  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toBeVisible();
  await shot(page, '03-result');

  // Independently: the same cone in PostgreSQL with pgsphere, bypassing TAP and ADQL.
  const cone = `s_region && scircle(spoint(radians(${ra}), radians(${dec})), radians(1.5))`;
  const expected = psql(`SELECT obs_publisher_did FROM ivoa.obscore WHERE ${cone}`).map((r) => r[0]);
  expect(expected.length).toBeGreaterThan(100);
  expect(expected.length).toBeLessThan(1000);
  await expect(page.locator('#row-count')).toHaveText(String(expected.length));
  await expect(page.locator('#overflow')).toHaveCount(0);

  const shown = await columnValues(page, 'obs_publisher_did');
  expect(shown.slice().sort()).toEqual(expected.slice().sort());

  // A few cells, value for value, against psql (the tooltip keeps what the service sent
  // where the cell shows another unit or form).
  const first = await firstRow(page);
  const did = first.obs_publisher_did.text;
  const [row] = psql(`SELECT s_ra, s_dec, t_min, em_min, facility_name, target_name FROM ivoa.obscore WHERE obs_publisher_did = '${did.replace(/'/g, "''")}'`);
  expect(Number(rawValue(first.s_ra))).toBeCloseTo(Number(row[0]), 9);
  expect(Number(rawValue(first.s_dec))).toBeCloseTo(Number(row[1]), 9);
  expect(Number(rawValue(first.t_min))).toBeCloseTo(Number(row[2]), 6);
  expect(Number(rawValue(first.em_min)) / Number(row[3])).toBeCloseTo(1, 9);
  expect(first.facility_name.text).toBe(row[4]);
  expect(first.target_name.text).toBe(row[5]);

  // Units and descriptions come from the FIELDs.
  const raHeader = page.locator('thead th', { has: page.locator('.name', { hasText: /^s_ra$/ }) });
  await expect(raHeader.locator('.unit')).toHaveText('deg');
  await expect(raHeader).toHaveAttribute('title', /pos\.eq\.ra/);
});

test('OVERFLOW: MAXREC below the row count gives a warning and the rows DaCHS sent', async ({ page }) => {
  await page.goto('/');
  await page.locator('#target-name').fill('Crab');
  await page.locator('#resolve').click();
  await expect(page.locator('#resolved')).toBeVisible();
  await page.locator('#maxrec').fill('7');
  await page.locator('#run').click();
  await expect(page.locator('#overflow')).toContainText('MAXREC=7');
  // What DaCHS itself sends for the same request (it sends MAXREC+1 rows with TOP here).
  const adql = await page.locator('#adql').inputValue();
  const body = tapSync(adql, { MAXREC: '7', RESPONSEFORMAT: 'votable/td' });
  expect(body).toContain('value="OVERFLOW"');
  const rows = (body.match(/<TR>/g) || []).length;
  expect(rows).toBeGreaterThanOrEqual(7);
  await expect(page.locator('#row-count')).toHaveText(String(rows));
  await shot(page, '04-overflow');
});

test('an ADQL syntax error shows DaCHS\'s own message and keeps the form', async ({ page }) => {
  await page.goto('/');
  const bad = 'SELEC TOP 5 * FROM ivoa.obscore';
  await page.locator('#target-name').fill('PKS 2155-304');
  await page.locator('#adql').fill(bad);
  await page.locator('#run').click();
  const error = page.locator('#query-error');
  await expect(error).toBeVisible();
  // What DaCHS itself answers (curl): its QUERY_STATUS=ERROR text must be what the user reads.
  const body = tapSync(bad);
  const m = body.match(/<INFO[^>]*name="QUERY_STATUS"[^>]*value="ERROR"[^>]*>([\s\S]*?)<\/INFO>/);
  expect(m, body).not.toBeNull();
  const daChsMessage = m[1].replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim();
  await expect(error).toContainText(daChsMessage);
  await expect(page.locator('#adql')).toHaveValue(bad);
  await expect(page.locator('#target-name')).toHaveValue('PKS 2155-304');
  await shot(page, '05-adql-error');
});

test('an unknown name gets Sesame\'s "nothing found" and no position', async ({ page }) => {
  await page.goto('/');
  await page.locator('#target-name').fill('NoSuchObject 12345');
  await page.locator('#resolve').click();
  await expect(page.locator('#resolve-error')).toContainText('Sesame does not know "NoSuchObject 12345"');
  await expect(page.locator('#resolved')).toHaveCount(0);
  await expect(page.locator('#target-name')).toHaveValue('NoSuchObject 12345');
  await shot(page, '06-not-found');
});

test('a stopped TAP service gives a clear network error, and the form is intact', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await page.locator('#target-name').fill('Vela');
  await page.locator('#resolve').click();
  await expect(page.locator('#resolved')).toBeVisible();
  const adql = await page.locator('#adql').inputValue();
  script('dachs/stop');
  try {
    await page.locator('#run').click();
    const error = page.locator('#query-error');
    await expect(error).toContainText('Could not reach http://127.0.0.1:8081');
    await expect(error).toContainText('service may be down');
    await expect(page.locator('#adql')).toHaveValue(adql);
    await expect(page.locator('#target-name')).toHaveValue('Vela');
    await shot(page, '07-service-down');
  } finally {
    script('dachs/start');
  }
  // Back up: the same page, the same query, now answers.
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toBeVisible({ timeout: 30_000 });
});
