// The VHE quick-look, end to end on the demo: Crab → Run → the four H.E.S.S. DL3 DR1 Crab
// runs → counts map, θ² with its Li & Ma significance, spectrum, light curve and IRFs,
// read by voscope from the event lists DaCHS serves; checked against astropy + numpy on
// the same files and the ObsCore table in PostgreSQL. Also: a row's DataLink #this, a
// file from disk (event list or any FITS table), a broken file, SAMP table.load.fits.
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { execFileSync } = require('child_process');
const { test, expect } = require('@playwright/test');
const { psql, ROOT } = require('./peers');
const { showColumn } = require('./table');

const shots = path.join(__dirname, 'artifacts');
const DL3 = path.join(ROOT, 'data/hess-dl3-dr1/data');
const CRAB = ['023523', '023526', '023559', '023592'];
const file = (id) => path.join(DL3, `hess_dl3_dr1_obs_id_${id}.fits.gz`);
const python = path.join(os.homedir(), '.cache/voscope/venv/bin/python');
const check = (ra, dec, cut, files) => JSON.parse(execFileSync(python,
  [path.join(__dirname, 'dl3_check.py'), String(ra), String(dec), String(cut), ...files], { encoding: 'utf8' }));

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text()); });
});

/** The element is inside the viewport, without the test scrolling. */
async function inView(page, selector) {
  const box = await page.locator(selector).boundingBox();
  const vp = page.viewportSize();
  expect(box, `${selector} has a box`).not.toBeNull();
  expect(box.y, `${selector} top in view`).toBeGreaterThanOrEqual(-1);
  expect(box.y, `${selector} top in view`).toBeLessThan(vp.height - 40);
}

async function crabRuns(page) {
  await page.goto('/');
  await page.locator('#target-name').fill('Crab');
  // The wobble offsets are 0.5°: a 2° cone on the pointing takes all four runs.
  await page.locator('#radius').fill('2');
  await page.locator('#resolve').click();
  await expect(page.locator('#resolved')).toContainText('via Simbad');
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('filter obs_collection', { exact: true }).fill('DL3');
  await page.getByLabel('filter obs_collection', { exact: true }).press('Enter');
  await expect(page.locator('#page-info')).toContainText('of 4 (filtered');
  const rows = page.locator('#results-scroll tbody tr[data-pos]');
  for (let k = 0; k < 4; k += 1) await rows.nth(k).click();
  await expect(page.locator('#quicklook-selected')).toHaveText('Quick-look 4 selected runs');
}

test('Crab: the four DL3 runs stacked show the Crab, a θ² excess above 5σ, spectrum, light curve and IRFs', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  // The quick-look is a module of its own: not fetched with the page, fetched once when
  // an event list is first opened.
  const lazy = [];
  page.on('request', (r) => { if (/voscope-quicklook(_bg\.wasm|\.js)$/.test(r.url())) lazy.push(r.url()); });
  await crabRuns(page);
  expect(lazy).toEqual([]);
  await page.locator('#quicklook-selected').click();
  await expect(page.locator('#ql-progress')).toBeVisible();
  expect(lazy.map((u) => u.split('/').pop()).sort()).toEqual(['voscope-quicklook.js', 'voscope-quicklook_bg.wasm']);
  await expect(page.locator('#ql-runs')).toHaveText('4', { timeout: 60_000 });
  // It came into view and took the focus.
  await inView(page, '#quicklook');
  await page.screenshot({ path: path.join(shots, 'ql-00-progress-or-first.png') });
  expect(await page.evaluate(() => document.activeElement && document.activeElement.id)).toBe('quicklook');

  // Events: what the obs index says (PostgreSQL) and what astropy counts in the files.
  const fromIndex = psql(`SELECT sum(x_event_count) FROM gammaobs.main WHERE obs_id IN (${CRAB.map((c) => `'${c}'`).join(',')})`)[0][0];
  const target = page.locator('#ql-target');
  const ra = Number(await target.getAttribute('data-ra'));
  const dec = Number(await target.getAttribute('data-dec'));
  const ref = check(ra, dec, 0.0125, CRAB.map(file));
  expect(ref.n_events).toBe(Number(fromIndex));
  await expect(page.locator('#ql-events')).toHaveText(String(ref.n_events));
  // ON counts: every event within θ² < 0.0125 deg² of the target, as numpy finds them.
  await expect(page.locator('#ql-non')).toHaveText(String(ref.n_on));
  const sigma = parseFloat(await page.locator('#ql-sigma').textContent());
  expect(sigma).toBeGreaterThan(5);
  expect(Number(await page.locator('#ql-excess').textContent())).toBeGreaterThan(50);
  await expect(page.locator('#ql-attribution')).toContainText('HESS DL3 DR1, H.E.S.S. collaboration, 2018');

  // Every plot is drawn (the canvas has ink) and the IRFs are there.
  for (const id of ['counts-map', 'theta2', 'spectrum', 'light-curve', 'aeff', 'psf', 'edisp', 'bkg']) {
    const ink = await page.locator(`#chart-${id} canvas`).evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 230 || d[i + 1] < 230 || d[i + 2] < 230)) n += 1;
      return n;
    });
    expect(ink, `${id} has ink`).toBeGreaterThan(2000);
  }
  // The Crab is in the counts map: the brightest pixel (from the exported numbers) lies
  // within 0.15° of the target.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#chart-counts-map .save-csv').click()]);
  const csv = fs.readFileSync(await dl.path(), 'utf8').trim().split(/\r?\n/);
  expect(csv[0]).toBe('x,y,value');
  let best = [0, 0, -1];
  for (const line of csv.slice(1)) {
    const [x, y, v] = line.split(',').map(Number);
    if (v > best[2]) best = [x, y, v];
  }
  expect(Math.hypot(best[0], best[1])).toBeLessThan(0.15);
  // The θ² numbers exported are those drawn: the ON histogram (to 0.3 deg²) holds every
  // event numpy finds within θ² < 0.3 deg² of the target.
  const [dl2] = await Promise.all([page.waitForEvent('download'), page.locator('#chart-theta2 .save-csv').click()]);
  const t2 = fs.readFileSync(await dl2.path(), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
  const onHist = t2.filter((r) => r[0] === 'ON').reduce((a, r) => a + Number(r[3]), 0);
  expect(onHist).toBe(check(ra, dec, 0.3, CRAB.map(file)).n_on);
  // Facts: one row per run, with the run's livetime as the obs index has it.
  await expect(page.locator('#ql-facts tbody tr')).toHaveCount(4);
  await page.locator('#quicklook').screenshot({ path: path.join(shots, 'ql-01-crab-stack.png') });
  await page.screenshot({ path: path.join(shots, 'ql-01-crab-stack-page.png') });

  // A cut changed re-bins at once: an energy cut above 1 TeV lowers N_on.
  await expect(page.locator('#ql-cuts-toggle')).toContainText('θ² < 0.0125 deg², all energies');
  await page.locator('#ql-cuts-toggle').click();
  await page.locator('#ql-emin').fill('1');
  await page.locator('#ql-emin').press('Enter');
  await expect(page.locator('#ql-non')).not.toHaveText(String(ref.n_on));
  expect(Number(await page.locator('#ql-non').textContent())).toBeLessThan(ref.n_on);
  // A nonsense cut is said, and the runs stay.
  await page.locator('#ql-emin').fill('ten');
  await page.locator('#ql-emin').press('Enter');
  await expect(page.locator('#ql-cut-error')).toContainText('E min: "ten" is not a usable value');
  await page.locator('#ql-emin').fill('');
  await page.locator('#ql-emin').press('Enter');
  await expect(page.locator('#ql-non')).toHaveText(String(ref.n_on));
  // The form stays open while it re-bins.
  await expect(page.locator('#ql-emin')).toBeVisible();
});

test('on a phone the quick-look comes into view after the click', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw e; });
  await crabRuns(page);
  await page.locator('#quicklook-selected').click();
  await expect(page.locator('#ql-runs')).toHaveText('4', { timeout: 60_000 });
  await inView(page, '#quicklook');
  await page.screenshot({ path: path.join(shots, 'ql-02-phone.png') });
  await context.close();
});

test('a row\'s DataLink #this opens the run; a file from disk opens too; a broken one is refused clearly', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.locator('#adql').fill("SELECT * FROM ivoa.obscore WHERE obs_id = '023523'");
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toHaveText('1', { timeout: 30_000 });
  await showColumn(page, 'access_url');
  await page.locator('#results-scroll button.links').first().click();
  await expect(page.locator('#datalink-panel')).toContainText('#this');
  await page.locator('#datalink-panel button.quicklook-link').click();
  const n23523 = check(83.633, 22.014, 0.0125, [file('023523')]).n_events;
  await expect(page.locator('#ql-events')).toHaveText(String(n23523), { timeout: 30_000 });
  await expect(page.locator('#ql-h')).toContainText('023523');
  // The DataLink link is on 127.0.0.1, served by the demo DaCHS.
  await expect(page.locator('#ql-samp-send')).toBeVisible();

  // A .fits.gz from disk: decompressed by the browser, the same run.
  await page.locator('#open-votable').setInputFiles(file('023526'));
  const n23526 = check(83.633, 22.014, 0.0125, [file('023526')]).n_events;
  await expect(page.locator('#ql-events')).toHaveText(String(n23526), { timeout: 30_000 });
  await expect(page.locator('#ql-attribution')).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'ql-03-file.png') });

  // A file cut in its EVENTS data: refused with the HDU and the byte offset; the result
  // table of the query is still there.
  const plain = zlib.gunzipSync(fs.readFileSync(file('023559')));
  const cut = path.join(os.tmpdir(), 'voscope-cut-023559.fits');
  fs.writeFileSync(cut, plain.subarray(0, 20000));
  await page.locator('#open-votable').setInputFiles(cut);
  await expect(page.locator('#ql-error')).toContainText('voscope-cut-023559.fits');
  await expect(page.locator('#ql-error')).toContainText(/cut|truncated|ends/i);
  await expect(page.locator('#ql-error')).toContainText('20000');
  await expect(page.locator('#row-count')).toHaveText('1');
  await inView(page, '#ql-error');
  // A corrupt gzip: said so.
  const bad = path.join(os.tmpdir(), 'voscope-corrupt.fits.gz');
  const gz = Buffer.from(fs.readFileSync(file('023559')));
  gz.fill(0x55, 2000, 6000);
  fs.writeFileSync(bad, gz);
  await page.locator('#open-votable').setInputFiles(bad);
  await expect(page.locator('#ql-error')).toContainText('voscope-corrupt.fits.gz');
  await expect(page.locator('#ql-error')).toContainText(/gzip|corrupt/i);
  await page.screenshot({ path: path.join(shots, 'ql-04-broken.png') });

  // A FITS file that is not an event list (the release's observation index) opens as a
  // table in the results view: 105 rows with their units.
  await page.locator('#open-votable').setInputFiles(path.join(ROOT, 'data/hess-dl3-dr1/obs-index.fits.gz'));
  await expect(page.locator('#row-count')).toHaveText('105', { timeout: 30_000 });
  await expect(page.locator('#results-scroll thead')).toContainText('OBS_ID');
});

test.describe('SAMP', () => {
  const RUN = '/tmp/voscope-peers/samp';
  const RECORDER = 'http://127.0.0.1:21099';
  const records = async () => (await fetch(`${RECORDER}/records`)).json();
  const callFromRecorder = async (to, mtype, params) => (await fetch(`${RECORDER}/call`, {
    method: 'POST', body: JSON.stringify({ to, mtype, params, timeout: 30 }),
  })).json();
  const EVENTS = (id) => `http://127.0.0.1:8081/getproduct/gammaobs/data/hess-dl3-dr1/data/hess_dl3_dr1_obs_id_${id}.fits.gz`;

  test.beforeAll(() => {
    fs.mkdirSync(RUN, { recursive: true });
    fs.writeFileSync(path.join(RUN, 'consent'), 'accept\n');
    execFileSync(path.join(ROOT, 'scripts/peers/samp/start'), ['all'], { stdio: 'pipe', timeout: 120_000 });
  });

  test('table.load.fits: an event list opens in the quick-look, TOPCAT\'s table in Results; the view sends it on', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/');
    await page.locator('#samp-connect').click();
    await expect(page.locator('#samp-status')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });

    // A peer sends a DL3 run on the demo DaCHS: the quick-look opens it.
    const n23592 = check(83.633, 22.014, 0.0125, [file('023592')]).n_events;
    const r = await callFromRecorder('voscope', 'table.load.fits', { url: EVENTS('023592'), 'table-id': 'ev-23592', name: 'run 23592' });
    expect(r['samp.status']).toBe('samp.ok');
    await expect(page.locator('#ql-events')).toHaveText(String(n23592), { timeout: 30_000 });
    await expect(page.locator('#samp-log')).toContainText(`run 23592: an event list of ${n23592} events, opened in the quick-look`);
    await inView(page, '#quicklook');

    // TOPCAT's own STILTS sends a table.load.fits of the same kind of file: what TOPCAT
    // sends on is the columns only (no pointing, no GTI), so it opens as a table.
    const n23526 = check(83.633, 22.014, 0.0125, [file('023526')]).n_events;
    execFileSync('topcat', ['-stilts', 'tpipe', `in=${file('023526')}`, 'omode=samp', 'format=fits', 'client=voscope'],
      { stdio: 'pipe', timeout: 90_000 });
    await expect(page.locator('#row-count')).toHaveText(String(n23526), { timeout: 30_000 });
    await expect(page.locator('#samp-log')).toContainText('shown in Results');
    await expect(page.locator('#results-scroll thead')).toContainText('ENERGY');

    // From the view, the run goes on to a peer as table.load.fits by URL.
    const seen = (await records()).length;
    await page.locator('#samp-recipient').selectOption({ label: 'voscope-test-recorder' });
    await page.locator('#ql-samp-send').click();
    await expect.poll(async () => (await records()).slice(seen)
      .filter((x) => x.mtype === 'table.load.fits' && x.params.url === EVENTS('023592')).length, { timeout: 20_000 }).toBe(1);
    await expect(page.locator('#samp-log')).toContainText('voscope-test-recorder took the FITS table run 23592.');
    // The MType stays as the line's tooltip, for whoever needs it.
    await expect(page.locator('#samp-log li', { hasText: 'took the FITS table run 23592' }).first())
      .toHaveAttribute('title', 'table.load.fits (run 23592): samp.ok');
    await page.screenshot({ path: path.join(shots, 'ql-05-samp.png') });
  });
});

test('a query answered as FITS (RESPONSEFORMAT=fits) shows the rows and units the VOTable answer has', async ({ page }) => {
  const adql = "SELECT obs_id, target_name, s_ra, s_dec, t_exptime FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' AND target_name LIKE 'PKS%'";
  const n = psql(`SELECT count(*) FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' AND target_name LIKE 'PKS%'`)[0][0];
  await page.goto('/');
  await page.locator('#adql').fill(adql);
  await page.locator('#response-format').selectOption('fits');
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toHaveText(n, { timeout: 30_000 });
  await expect(page.locator('#results-scroll thead')).toContainText('s_ra');
  await expect(page.locator('#results-scroll thead')).toContainText('deg');
  // A refused query still says the service's own words.
  await page.locator('#adql').fill('SELECT nothere FROM ivoa.obscore');
  await page.locator('#run').click();
  await expect(page.locator('#query-error')).toContainText('No such field known');
});

test('a long stack shows its progress and can be cancelled; the runs read so far stay shown', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.locator('#adql').fill("SELECT * FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' ORDER BY obs_id");
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toHaveText('105', { timeout: 30_000 });
  // The third run's event list is held by the network until the test lets it go. It is
  // picked by name, not by arrival: four downloads are in flight at once, so the third
  // request to arrive may be the fourth run's.
  const third = fs.readdirSync(DL3).filter((f) => f.endsWith('.fits.gz')).sort()[2];
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/getproduct/**', async (route) => {
    if (route.request().url().endsWith(third)) await held;
    // The page may have aborted it meanwhile (Cancel).
    await route.continue().catch(() => {});
  });
  await page.locator('#quicklook-selected').click();
  await expect(page.locator('#ql-progress')).toContainText('Downloading run 3 of 105');
  await expect(page.locator('#ql-progress progress')).toHaveAttribute('value', '2');
  // The figures: runs read of the runs asked for, and the bytes of the two downloaded.
  const figures = await page.locator('#ql-progress-figures').textContent();
  const m = figures.match(/^2 of 105 runs read, ([\d.]+) (kB|MB) downloaded/);
  expect(m, figures).not.toBeNull();
  const files = fs.readdirSync(DL3).filter((f) => f.endsWith('.fits.gz')).sort();
  const two = files.slice(0, 2).reduce((n, f) => n + fs.statSync(path.join(DL3, f)).size, 0);
  const shown = Number(m[1]) * (m[2] === 'MB' ? 1024 * 1024 : 1024);
  expect(Math.abs(shown - two) / two).toBeLessThan(0.01);
  await page.locator('#ql-cancel').click();
  await expect(page.locator('#ql-cancelled')).toHaveText('Cancelled: 2 runs read before it was stopped.');
  await expect(page.locator('#ql-runs')).toHaveText('2');
  release();
  await page.waitForTimeout(1000);
  // A late answer changes nothing, and the query's result is still there.
  await expect(page.locator('#ql-runs')).toHaveText('2');
  await expect(page.locator('#row-count')).toHaveText('105');
});

test('the quick-look module cannot be fetched (a server that lacks it): the page says so, the results stay', async ({ page }) => {
  await page.route(/voscope-quicklook(_bg\.wasm|\.js)$/, (route) => route.fulfill({ status: 404, body: 'not here' }));
  await crabRuns(page);
  const rows = await page.locator('#row-count').textContent();
  await page.locator('#quicklook-selected').click();
  await expect(page.locator('#ql-load-error')).toContainText('The quick-look could not be loaded');
  await expect(page.locator('#ql-load-error')).toContainText('reload to try again');
  await expect(page.locator('#row-count')).toHaveText(rows);
  await expect(page.locator('#quicklook')).toHaveCount(0);
});
