// Asynchronous jobs end to end, against the real DaCHS: TAP async (/tap/async) and a
// generic UWS job service (uwsdemo, a python core behind DaCHS's UWS renderer). Every
// phase a user can cause is driven through the UI and then checked independently, with
// curl on the job's URL at DaCHS (never by asking voscope).
const path = require('path');
const { execFileSync } = require('child_process');
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const os = require('os');
const { peers, psql, tapSync, script } = require('./peers');

const shots = path.join(__dirname, 'artifacts');
const shot = (page, name) => page.screenshot({ path: path.join(shots, `uws-${name}.png`), fullPage: true });
const DEMO = 'http://127.0.0.1:8081/uwsdemo/q/run/async';
const VENV_PY = path.join(process.env.HOME, '.cache', 'voscope', 'venv', 'bin', 'python');

/** GET with curl: [HTTP status, body]. */
function curl(url, ...extra) {
  const out = execFileSync('curl', ['-s', '-w', '\n%{http_code}', ...extra, url], { encoding: 'utf8' });
  const cut = out.lastIndexOf('\n');
  return [Number(out.slice(cut + 1)), out.slice(0, cut)];
}

/** One element's text of a UWS job document fetched with curl ('' when nil/absent). */
function field(doc, name) {
  const m = doc.match(new RegExp(`<uws:${name}(?: [^>]*)?>([^<]*)</uws:${name}>`));
  return m ? m[1] : '';
}

function jobAtDachs(url) {
  const [status, doc] = curl(url);
  expect(status, `GET ${url}`).toBe(200);
  return { doc, phase: field(doc, 'phase'), param: (id) => (doc.match(new RegExp(`<uws:parameter [^>]*id="${id}"[^>]*>([^<]*)<`)) || [])[1] };
}

/** The ids of a job list fetched with curl (same filters as the UI sends). */
function listAtDachs(url) {
  const [status, doc] = curl(url);
  expect(status).toBe(200);
  return [...doc.matchAll(/<uws:jobref id="([^"]+)"/g)].map((m) => m[1]);
}

const card = (page) => page.locator('.job-card').first();

async function openManager(page, listUrl) {
  await page.locator('#job-manager > summary').click();
  await page.locator('#joblist-url').fill(listUrl);
}

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
});

test('TAP async: create, run, follow to COMPLETED; the result is what /sync gives; fields as DaCHS says', async ({ page }) => {
  await page.goto('/');
  const adql = 'SELECT TOP 7 obs_id, t_min FROM ivoa.obscore ORDER BY obs_id';
  await page.locator('#adql').fill(adql);
  await page.locator('#run-async').click();
  const c = card(page);
  await expect(c).toHaveAttribute('data-phase', 'COMPLETED', { timeout: 30_000 });
  const url = await c.getAttribute('data-url');
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8081\/.*\/async\/[^/]+$/);
  const job = jobAtDachs(url);
  expect(job.phase).toBe('COMPLETED');
  expect(job.param('query')).toBe(adql);
  // Every field as the job document at DaCHS has it.
  await expect(c.locator('.job-field-jobid')).toHaveText(field(job.doc, 'jobId'));
  await expect(c.locator('.job-field-destruction')).toHaveText(field(job.doc, 'destruction'));
  // DaCHS 2.7 recomputes the quote of a job on every request (now, plus its estimate
  // for an unfinished one): the card's quote is from its last poll, so at most that old.
  const shownQuote = Date.parse(await c.locator('.job-field-quote').textContent());
  const dachsQuote = Date.parse(field(job.doc, 'quote'));
  expect(dachsQuote - shownQuote).toBeGreaterThanOrEqual(0);
  expect(dachsQuote - shownQuote).toBeLessThan(5000);
  await expect(c.locator('.job-field-start')).toHaveText(field(job.doc, 'startTime'));
  await expect(c.locator('.job-field-duration')).toHaveText(`${field(job.doc, 'executionDuration')} s`);
  // The result went to the results view: the rows a sync query of the same ADQL gives.
  await expect(page.locator('#row-count')).toHaveText('7', { timeout: 30_000 });
  const sync = tapSync(adql, { RESPONSEFORMAT: 'votable/td' });
  expect((sync.match(/<TR>/g) || []).length).toBe(7);
  await shot(page, '01-tap-completed');
  // Deleting a TAP job (POST ACTION=DELETE): gone at DaCHS too.
  await c.locator('.job-delete').click();
  await expect(page.locator(`.job-card[data-url="${url}"]`)).toHaveCount(0);
  expect(curl(url)[0]).toBe(404);
});

test('TAP async with an uploaded table: the job gets the file (multipart) and finds what psql finds', async ({ page }) => {
  await page.goto('/');
  const file = path.join(os.tmpdir(), 'async targets.xml');
  fs.writeFileSync(file, `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
<FIELD name="name" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double" unit="deg"/><FIELD name="dec" datatype="double" unit="deg"/>
<DATA><TABLEDATA><TR><TD>Crab</TD><TD>83.63308</TD><TD>22.0145</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`);
  await page.locator('#upload-file').setInputFiles(file);
  await expect(page.locator('.upload-name')).toHaveValue('async_targets');
  await page.locator('#adql').fill(
    'SELECT t.name, o.obs_publisher_did FROM TAP_UPLOAD.async_targets AS t JOIN ivoa.obscore AS o '
    + "ON 1=CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', t.ra, t.dec, 1.0))",
  );
  await page.locator('#run-async').click();
  const c = card(page);
  await expect(c).toHaveAttribute('data-phase', 'COMPLETED', { timeout: 30_000 });
  const job = jobAtDachs(await c.getAttribute('data-url'));
  // DaCHS keeps the uploaded file with the job and lists it as a by-reference parameter.
  const upload = job.param('upload');
  expect(upload).toMatch(/\/results\/async_targets$/);
  expect(job.doc).toMatch(/<uws:parameter byReference="True" id="upload">/);
  await expect(c.locator('.job-param-value a')).toHaveAttribute('href', upload);
  const expected = psql('SELECT count(*) FROM ivoa.obscore WHERE spoint(radians(s_ra), radians(s_dec)) @ scircle(spoint(radians(83.63308), radians(22.0145)), radians(1.0))')[0][0];
  expect(Number(expected)).toBeGreaterThan(0);
  await expect(page.locator('#row-count')).toHaveText(expected, { timeout: 30_000 });
});

test('TAP async ERROR: DaCHS\'s errorSummary and its error document are shown', async ({ page }) => {
  await page.goto('/');
  await page.locator('#adql').fill('SELECT nosuchcolumn FROM ivoa.obscore');
  await page.locator('#run-async').click();
  const c = card(page);
  await expect(c).toHaveAttribute('data-phase', 'ERROR', { timeout: 30_000 });
  const url = await c.getAttribute('data-url');
  const job = jobAtDachs(url);
  expect(job.phase).toBe('ERROR');
  const message = field(job.doc, 'message');
  expect(message).toContain('nosuchcolumn');
  await expect(c.locator('.job-error-summary')).toContainText(message);
  await expect(c.locator('.job-error-summary')).toContainText('Error (fatal)');
  const [st, errorDoc] = curl(`${url}/error`);
  expect(st).toBe(200);
  const errText = errorDoc.match(/<INFO name="QUERY_STATUS" value="ERROR">([^<]*)</)[1].trim();
  await expect(c.locator('.job-error-doc pre')).toHaveText(errText);
  // What was typed is still there.
  await expect(page.locator('#adql')).toHaveValue('SELECT nosuchcolumn FROM ivoa.obscore');
  await shot(page, '02-tap-error');
});

test('TAP async ABORT: a long query aborted from its card is ABORTED at DaCHS, and no result is shown', async ({ page }) => {
  await page.goto('/');
  // 10^12 row combinations: runs far longer than the test.
  await page.locator('#adql').fill('SELECT COUNT(*) FROM ivoa.obscore AS a CROSS JOIN ivoa.obscore AS b CROSS JOIN ivoa.obscore AS c');
  await page.locator('#run-async').click();
  const c = card(page);
  await expect(c).toHaveAttribute('data-phase', 'EXECUTING', { timeout: 20_000 });
  const url = await c.getAttribute('data-url');
  expect(jobAtDachs(url).phase).toBe('EXECUTING');
  await expect(c.locator('.job-run')).toBeDisabled();
  await c.locator('.job-abort').click();
  await expect(c).toHaveAttribute('data-phase', 'ABORTED');
  expect(jobAtDachs(url).phase).toBe('ABORTED');
  await expect(c.locator('.job-abort')).toBeDisabled();
  await expect(c.locator('.job-load-result')).toBeDisabled();
  await expect(page.locator('#row-count')).toHaveCount(0);
  await shot(page, '02b-tap-aborted');
  await c.locator('.job-delete').click();
  await expect(c).toHaveCount(0);
  expect(curl(url)[0]).toBe(404);
});

test('generic UWS: form from DaCHS\'s metadata, validation, PENDING, duration and destruction, RUN, ABORT, delete', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await openManager(page, DEMO);
  const before = listAtDachs(DEMO);
  await page.locator('#jobdesc-load').click();
  const form = page.locator('#job-form');
  await expect(form).toContainText('voscope UWS demo: spectral binning jobs');
  await expect(page.locator('#jobdesc-url')).toHaveValue('http://127.0.0.1:8081/uwsdemo/q/run/api?MAXREC=0');
  await expect(page.locator('#jobform-nbins')).toHaveValue('10');
  await expect(form.locator('[data-field="emin"]')).toContainText('TeV');
  await expect(form.locator('[data-field="emin"]')).toContainText('Lower edge of the first energy bin');
  await expect(page.locator('#jobform-source option')).toHaveText(['—', 'Crab', 'PKS 2155-304', 'MSH 15-52']);
  // Bad values: nothing is sent.
  await page.locator('#jobform-nbins').fill('0');
  await page.locator('#jobform-emax').fill('many');
  await page.locator('#jobform-create').click();
  await expect(page.locator('#job-form-errors')).toContainText('2 values need fixing');
  await expect(form.locator('[data-field="nbins"] .field-error')).toContainText('below the minimum 1');
  await expect(form.locator('[data-field="emax"] .field-error')).toContainText('"many" is not a number');
  await shot(page, '03-form-invalid');
  expect(listAtDachs(DEMO)).toEqual(before);
  // Good values: a PENDING job with exactly those parameters.
  await page.locator('#jobform-source').selectOption('PKS 2155-304');
  await page.locator('#jobform-nbins').fill('3');
  await page.locator('#jobform-emax').fill('20');
  await page.locator('#jobform-duration').fill('40');
  await page.locator('#jobform-create').click();
  const c = card(page);
  await expect(c).toHaveAttribute('data-phase', 'PENDING');
  const url = await c.getAttribute('data-url');
  let job = jobAtDachs(url);
  expect(job.phase).toBe('PENDING');
  expect(job.param('nbins')).toBe('3');
  expect(job.param('emax')).toBe('20.0');
  expect(job.param('source')).toContain('PKS 2155-304');
  // executionDuration and destruction, changed from the card.
  await c.locator('.job-duration').fill('2h');
  await c.locator('.job-set-duration').click();
  await expect(c.locator('.job-field-duration')).toHaveText('7200 s');
  expect(field(jobAtDachs(url).doc, 'executionDuration')).toBe('7200');
  const when = new Date(Date.now() + 36 * 3600e3).toISOString().slice(0, 10);
  await c.locator('.job-destruction').fill(`${when}T12:00:00`);
  await c.locator('.job-set-destruction').click();
  await expect(c.locator('.job-field-destruction')).toHaveText(`${when}T12:00:00Z`);
  expect(field(jobAtDachs(url).doc, 'destruction')).toBe(`${when}T12:00:00Z`);
  await c.locator('.job-destruction').fill('next week');
  await c.locator('.job-set-destruction').click();
  await expect(c.locator('.job-problem')).toContainText('"next week" is not a date');
  // PENDING → QUEUED/EXECUTING.
  await c.locator('.job-run').click();
  await expect(c).toHaveAttribute('data-phase', /QUEUED|EXECUTING/);
  expect(jobAtDachs(url).phase).toMatch(/QUEUED|EXECUTING/);
  await expect(c).toHaveAttribute('data-phase', 'EXECUTING', { timeout: 20_000 });
  await shot(page, '04-executing');
  // EXECUTING → ABORTED.
  await c.locator('.job-abort').click();
  await expect(c).toHaveAttribute('data-phase', 'ABORTED');
  expect(jobAtDachs(url).phase).toBe('ABORTED');
  await shot(page, '05-aborted');
  // Deletion: the card goes, DaCHS answers 404 for the job.
  await c.locator('.job-delete').click();
  await expect(page.locator(`.job-card[data-url="${url}"]`)).toHaveCount(0);
  expect(curl(url)[0]).toBe(404);
});

test('generic UWS: create and run, COMPLETED, its VOTable result in the results view; job list filters as DaCHS filters', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await openManager(page, DEMO);
  await page.locator('#job-params').fill('source=Crab\nnbins=6\nduration=2');
  await page.locator('#job-create-run').click();
  const c = card(page);
  await expect(c).toHaveAttribute('data-phase', 'COMPLETED', { timeout: 30_000 });
  const url = await c.getAttribute('data-url');
  expect(jobAtDachs(url).phase).toBe('COMPLETED');
  await expect(c.locator('.job-result a')).toHaveAttribute('href', `${url}/results/result`);
  await c.locator('.job-load-result').click();
  await expect(page.locator('#row-count')).toHaveText('6');
  // The same result read by astropy (a BINARY VOTable fetched with curl).
  const read = execFileSync(VENV_PY, ['-c', `
import io, subprocess, sys
from astropy.io.votable import parse_single_table
t = parse_single_table(io.BytesIO(subprocess.run(['curl', '-s', sys.argv[1]], capture_output=True, check=True).stdout)).to_table()
print(len(t), ','.join(t.colnames), repr(float(t['e_min'][0])))`, `${url}/results/result`], { encoding: 'utf8' }).trim();
  expect(read).toBe('6 e_min,e_max,rel_flux 0.5');
  await expect(page.locator('#result-summary')).toContainText('3 columns');
  await shot(page, '06-generic-result');
  // The job list, filtered: the same ids DaCHS gives curl for the same filters.
  await page.locator('#joblist-phase-completed').check();
  await page.locator('#joblist-last').fill('2');
  await page.locator('#joblist-list').click();
  await expect(page.locator('#joblist')).toBeVisible();
  const ids = await page.locator('.joblist-row').evaluateAll((rows) => rows.map((r) => r.dataset.jobId));
  expect(ids).toEqual(listAtDachs(`${DEMO}?PHASE=COMPLETED&LAST=2`));
  expect(ids).toContain(url.split('/').pop());
  await expect(page.locator('.joblist-row .joblist-phase').first()).toHaveText('COMPLETED');
  const later = new Date(Date.now() + 3600e3).toISOString().slice(0, 16);
  await page.locator('#joblist-after').fill(later);
  await page.locator('#joblist-list').click();
  await expect(page.locator('#joblist-empty')).toBeVisible();
  expect(listAtDachs(`${DEMO}?PHASE=COMPLETED&AFTER=${later}:00Z&LAST=2`)).toEqual([]);
  await page.locator('#joblist-after').fill('yesterday');
  await page.locator('#joblist-list').click();
  await expect(page.locator('#joblist-error')).toContainText('"yesterday" is not a date');
  await shot(page, '07-joblist');
});

test('a job form from a WADL: required marks, choices, checked before sending, and the job it creates', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await openManager(page, 'http://127.0.0.1:8081/tap/async');
  await page.locator('#jobdesc-url').fill('http://127.0.0.1:8081/uwsdemo/q/run/static/uwsdemo.wadl');
  await page.locator('#jobdesc-load').click();
  const form = page.locator('#job-form');
  await expect(form).toContainText('Bin the power-law spectrum of a VHE gamma-ray source into energy bins (WADL)');
  // The WADL names its job list: the manager now points there.
  await expect(page.locator('#joblist-url')).toHaveValue(DEMO);
  await expect(form.locator('[data-field="source"] .required')).toHaveCount(1);
  await expect(form.locator('[data-field="index"] .required')).toHaveCount(0);
  await expect(form.locator('[data-field="PHASE"]')).toHaveCount(0);
  await expect(page.locator('#jobform-source option')).toHaveText(['—', 'Crab', 'PKS 2155-304', 'MSH 15-52']);
  await expect(page.locator('#jobform-fail option')).toHaveText(['—', 'true', 'false']);
  await expect(page.locator('#jobform-emin')).toHaveValue('0.5');
  const before = listAtDachs(DEMO);
  await page.locator('#jobform-nbins').fill('');
  await page.locator('#jobform-index').fill('steep');
  await page.locator('#jobform-create-run').click();
  await expect(form.locator('[data-field="nbins"] .field-error')).toHaveText('nbins is required');
  await expect(form.locator('[data-field="source"] .field-error')).toHaveText('source is required');
  await expect(page.locator('#job-form-errors')).toContainText('3 values need fixing; nothing was sent.');
  await expect(form.locator('[data-field="index"] .field-error')).toContainText('"steep" is not a number');
  expect(listAtDachs(DEMO)).toEqual(before);
  await page.locator('#jobform-nbins').fill('2');
  await page.locator('#jobform-index').fill('2.2');
  await page.locator('#jobform-source').selectOption('MSH 15-52');
  await shot(page, '10-wadl-form');
  await page.locator('#jobform-create-run').click();
  const c = card(page);
  await expect(c).toHaveAttribute('data-phase', 'COMPLETED', { timeout: 30_000 });
  const job = jobAtDachs(await c.getAttribute('data-url'));
  expect(job.phase).toBe('COMPLETED');
  expect(job.param('nbins')).toBe('2');
  expect(job.param('index')).toBe('2.2');
  expect(job.param('source')).toContain('MSH 15-52');
});

test('a service that ignores WAIT is followed with spaced polls instead', async ({ page }) => {
  test.setTimeout(90_000);
  // Between the page and DaCHS, drop WAIT (and PHASE) from every blocking poll: DaCHS then
  // answers at once, as a service without WAIT support does.
  const plain = [];
  await page.route(/\/uwsdemo\/q\/run\/async\/[^/?]+\?WAIT=/, (route) => {
    route.continue({ url: route.request().url().split('?')[0] });
  });
  page.on('request', (r) => {
    if (/\/uwsdemo\/q\/run\/async\/[^/?]+$/.test(r.url()) && r.method() === 'GET') plain.push(Date.now());
  });
  await page.goto('/');
  await openManager(page, DEMO);
  await page.locator('#job-params').fill('source=Crab\nduration=9');
  await page.locator('#job-create-run').click();
  const c = card(page);
  await expect(c.locator('.job-busy')).toContainText('the service ignores WAIT', { timeout: 15_000 });
  await shot(page, '11-wait-ignored');
  await expect(c).toHaveAttribute('data-phase', 'COMPLETED', { timeout: 40_000 });
  expect(jobAtDachs(await c.getAttribute('data-url')).phase).toBe('COMPLETED');
  // Spaced, growing delays (1 s, 2 s, 4 s…), not a tight loop: few polls for a 9 s job.
  const gaps = plain.slice(1).map((t, i) => t - plain[i]);
  expect(plain.length).toBeGreaterThanOrEqual(3);
  expect(plain.length).toBeLessThan(12);
  expect(Math.max(...gaps)).toBeGreaterThanOrEqual(1800);
});

test('a reload mid-job resumes following it until COMPLETED', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await openManager(page, DEMO);
  await page.locator('#job-params').fill('source=Crab\nduration=8');
  await page.locator('#job-create-run').click();
  const c = card(page);
  await expect(c).toHaveAttribute('data-phase', 'EXECUTING', { timeout: 20_000 });
  const url = await c.getAttribute('data-url');
  await page.reload();
  const again = page.locator(`.job-card[data-url="${url}"]`);
  await expect(again).toHaveCount(1);
  await expect(again).toContainText('(started here)');
  await expect(again).toHaveAttribute('data-phase', 'EXECUTING');
  await shot(page, '08-resumed');
  await expect(again).toHaveAttribute('data-phase', 'COMPLETED', { timeout: 30_000 });
  expect(jobAtDachs(url).phase).toBe('COMPLETED');
});

test('the service going down while a job is followed: a clear message, the job stays listed', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await openManager(page, DEMO);
  await page.locator('#job-params').fill('source=Crab\nduration=120');
  await page.locator('#job-create-run').click();
  const c = card(page);
  await expect(c).toHaveAttribute('data-phase', 'EXECUTING', { timeout: 20_000 });
  const url = await c.getAttribute('data-url');
  script('dachs/stop');
  try {
    await expect(c.locator('.job-problem')).toContainText('Lost contact with the service at http://127.0.0.1:8081', { timeout: 60_000 });
    await expect(c.locator('.job-problem')).toContainText('The job is still listed here');
    await expect(page.locator(`.job-card[data-url="${url}"]`)).toHaveCount(1);
    await shot(page, '09-service-down');
    // A reload while the service is down keeps the job listed, with the reason.
    await page.reload();
    const again = page.locator(`.job-card[data-url="${url}"]`);
    await expect(again).toHaveCount(1);
    await expect(again.locator('.job-problem')).toContainText('Could not reach http://127.0.0.1:8081');
  } finally {
    script('dachs/start');
  }
  const again = page.locator(`.job-card[data-url="${url}"]`);
  await again.locator('.job-refresh').click();
  await expect(again.locator('.job-problem')).toHaveCount(0, { timeout: 30_000 });
  const phase = jobAtDachs(url).phase;
  await expect(again).toHaveAttribute('data-phase', phase);
  // Clean up at DaCHS.
  await again.locator('.job-delete').click();
  await expect(again).toHaveCount(0);
  expect(curl(url)[0]).toBe(404);
});
