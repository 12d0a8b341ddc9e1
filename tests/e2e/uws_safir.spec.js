// The generic job manager against a second, independent UWS 1.1 implementation: Rubin
// Observatory's Safir 8.0.0 (safir.uws: FastAPI, PostgreSQL, arq workers), started by
// scripts/peers/uws2 on :8085 — not a TAP service. Every answer is checked against
// Safir's own state: its REST answers fetched with curl, or its database with psql.
const path = require('path');
const { execFileSync } = require('child_process');
const { test, expect } = require('@playwright/test');

const shots = path.join(__dirname, 'artifacts');
const shot = (page, name) => page.screenshot({ path: path.join(shots, `uws-safir-${name}.png`), fullPage: true });
const SAFIR = process.env.E2E_UWS2 || 'http://127.0.0.1:8085/uws2/jobs';

/** curl: [HTTP status, body, final URL]. */
function curl(url, ...extra) {
  const out = execFileSync('curl', ['-s', '-w', '\n%{http_code} %{redirect_url}', ...extra, url], { encoding: 'utf8' });
  const cut = out.lastIndexOf('\n');
  const [code, redirect] = out.slice(cut + 1).split(' ');
  return [Number(code), out.slice(0, cut), redirect];
}

/** SQL on Safir's own database (role and database uws2, made by scripts/peers/uws2/start). */
function psql(sql) {
  return execFileSync('su', ['postgres', '-c', `psql -X -A -t -d uws2 -c "${sql}"`], { encoding: 'utf8' }).trim();
}

function field(doc, name) {
  const m = doc.match(new RegExp(`<uws:${name}(?: [^>]*)?>([^<]*)</uws:${name}>`));
  return m ? m[1] : '';
}

function atSafir(url) {
  const [status, doc] = curl(url);
  expect(status, `GET ${url}`).toBe(200);
  return {
    doc,
    phase: field(doc, 'phase'),
    param: (id) => (doc.match(new RegExp(`<uws:parameter id="${id}">([^<]*)<`)) || [])[1],
  };
}

function listAtSafir(query) {
  const [status, doc] = curl(`${SAFIR}${query}`);
  expect(status).toBe(200);
  return [...doc.matchAll(/<uws:jobref id="([^"]+)"/g)].map((m) => m[1]);
}

/** A job made with curl, as another client of the same account would: its URL. */
function createAtSafir(params) {
  const args = ['-X', 'POST'];
  for (const [k, v] of Object.entries(params)) args.push('-d', `${k}=${v}`);
  const [status, , url] = curl(SAFIR, ...args);
  expect(status).toBe(303);
  return url;
}

const cardOf = (page, url) => page.locator(`.job-card[data-url="${url}"]`);

async function openManager(page) {
  await page.locator('#job-manager > summary').click();
  await page.locator('#joblist-url').fill(SAFIR);
}

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
});

test('Safir: create with parameters, fields as Safir says, duration and destruction changes, RUN with WAIT polls, QUEUED behind it, EXECUTING aborted, delete', async ({ page }) => {
  test.setTimeout(150_000);
  const polls = [];
  page.on('request', (r) => { if (r.url().startsWith(SAFIR) && r.url().includes('WAIT=')) polls.push(r.url()); });
  await page.goto('/');
  await openManager(page);
  await page.locator('#job-params').fill('source=Vela\nnpoints=5\nduration=60');
  await page.locator('#job-create').click();
  const c = page.locator('.job-card').first();
  await expect(c).toHaveAttribute('data-phase', 'PENDING');
  const url = await c.getAttribute('data-url');
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8085\/uws2\/jobs\/\d+$/);
  let job = atSafir(url);
  expect(job.phase).toBe('PENDING');
  expect([job.param('source'), job.param('npoints'), job.param('duration')]).toEqual(['Vela', '5', '60']);
  // Safir's row, independently of its REST layer.
  const id = url.split('/').pop();
  expect(psql(`SELECT phase, owner FROM job WHERE id=${id}`)).toBe('PENDING|voscope');
  await expect(c.locator('.job-field-jobid')).toHaveText(field(job.doc, 'jobId'));
  await expect(c.locator('.job-field-owner')).toHaveText(field(job.doc, 'ownerId'));
  await expect(c.locator('.job-field-destruction')).toHaveText(field(job.doc, 'destruction'));
  await expect(c.locator('.job-field-duration')).toHaveText(`${field(job.doc, 'executionDuration')} s`);
  // Safir writes no startTime/endTime for a job that has not started: said, and shown unset.
  expect(job.doc).not.toContain('startTime');
  await expect(c).toContainText('not UWS 1.1: the job document has no startTime or endTime element');
  await expect(c.locator('.job-field-start')).toHaveText('—');

  // executionDuration: a shorter one is taken; a longer one than Safir's limit is cut
  // to it, and the card says so.
  await c.locator('.job-duration').fill('10min');
  await c.locator('.job-set-duration').click();
  await expect(c.locator('.job-field-duration')).toHaveText('600 s');
  expect(field(atSafir(url).doc, 'executionDuration')).toBe('600');
  await c.locator('.job-duration').fill('2h');
  await c.locator('.job-set-duration').click();
  await expect(c.locator('.job-problem')).toContainText('The service set the execution duration to');
  const limit = field(atSafir(url).doc, 'executionDuration');
  expect(Number(limit)).toBeLessThan(7200);
  await expect(c.locator('.job-field-duration')).toHaveText(`${limit} s`);
  await expect(c.locator('.job-problem')).toContainText(`The service set the execution duration to ${limit} s (asked 7200 s)`);
  // destruction: an earlier one is taken; a later one is refused (Safir keeps the earlier).
  const soon = new Date(Date.now() + 36 * 3600e3).toISOString().slice(0, 10);
  await c.locator('.job-destruction').fill(`${soon}T12:00:00`);
  await c.locator('.job-set-destruction').click();
  await expect(c.locator('.job-field-destruction')).toHaveText(`${soon}T12:00:00Z`);
  expect(field(atSafir(url).doc, 'destruction')).toBe(`${soon}T12:00:00Z`);
  await expect(c.locator('.job-problem')).toHaveCount(0);
  const late = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
  await c.locator('.job-destruction').fill(`${late}T00:00:00`);
  await c.locator('.job-set-destruction').click();
  await expect(c.locator('.job-problem')).toContainText(`The service kept the destruction time ${soon}T12:00:00Z (asked ${late}T00:00:00Z)`);
  expect(field(atSafir(url).doc, 'destruction')).toBe(`${soon}T12:00:00Z`);
  await shot(page, '01-pending-settings');

  // RUN: followed with WAIT polls until EXECUTING.
  await c.locator('.job-run').click();
  await expect(c).toHaveAttribute('data-phase', 'EXECUTING', { timeout: 45_000 });
  job = atSafir(url);
  expect(job.phase).toBe('EXECUTING');
  await expect(c.locator('.job-field-start')).toHaveText(field(job.doc, 'startTime'));
  expect(polls.some((u) => u.startsWith(`${url}?WAIT=`))).toBe(true);
  // Safir runs one job at a time: a second one waits QUEUED behind it.
  await page.locator('#job-params').fill('source=Crab\nduration=1');
  await page.locator('#job-create-run').click();
  const q = page.locator('.job-card').first();
  await expect(q).not.toHaveAttribute('data-url', url);
  const qurl = await q.getAttribute('data-url');
  await expect(q).toHaveAttribute('data-phase', 'QUEUED');
  expect(atSafir(qurl).phase).toBe('QUEUED');
  await shot(page, '02-executing-queued');
  // ABORT in EXECUTING: ABORTED at Safir; the queued job then runs. (ABORT of a QUEUED
  // job while the worker is busy is not exercised: Safir 8.0.0 waits 30 s for arq, answers
  // 500, and the job stays QUEUED for good; see the README.)
  const e = cardOf(page, url);
  await e.locator('.job-abort').click();
  await expect(e).toHaveAttribute('data-phase', 'ABORTED', { timeout: 30_000 });
  job = atSafir(url);
  expect(job.phase).toBe('ABORTED');
  await expect(e.locator('.job-field-end')).toHaveText(field(job.doc, 'endTime'));
  await expect(e.locator('.job-abort')).toBeDisabled();
  await expect(e.locator('.job-load-result')).toBeDisabled();
  await shot(page, '03-aborted');
  await expect(q).toHaveAttribute('data-phase', 'COMPLETED', { timeout: 60_000 });
  expect(atSafir(qurl).phase).toBe('COMPLETED');
  // Delete (POST ACTION=DELETE): gone at Safir, in its table too.
  for (const u of [qurl, url]) {
    await cardOf(page, u).locator('.job-delete').click();
    await expect(cardOf(page, u)).toHaveCount(0);
    expect(curl(u)[0]).toBe(404);
    expect(psql(`SELECT count(*) FROM job WHERE id=${u.split('/').pop()}`)).toBe('0');
  }
});

test('Safir: COMPLETED with its VOTable result, ERROR with its summary and error document, job list filters as Safir filters', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/');
  await openManager(page);
  await page.locator('#job-params').fill('source=Crab\nnpoints=6\nduration=1');
  await page.locator('#job-create-run').click();
  const c = page.locator('.job-card').first();
  await expect(c).toHaveAttribute('data-phase', 'COMPLETED', { timeout: 60_000 });
  const url = await c.getAttribute('data-url');
  const job = atSafir(url);
  expect(job.phase).toBe('COMPLETED');
  const href = job.doc.match(/<uws:result id="lightcurve" xlink:href="([^"]+)"/)[1];
  await expect(c.locator('.job-result a')).toHaveAttribute('href', href);
  await expect(c.locator('.job-result')).toContainText('application/x-votable+xml');
  const [st, votable] = curl(href);
  expect(st).toBe(200);
  const rows = (votable.match(/<TR>/g) || []).length;
  expect(rows).toBe(6);
  await c.locator('.job-load-result').click();
  await expect(page.locator('#row-count')).toHaveText(String(rows));
  await expect(page.locator('#result-summary')).toContainText('2 columns');
  await shot(page, '04-completed-result');

  await page.locator('#job-params').fill('source=Geminga\nfail=true\nduration=0');
  await page.locator('#job-create-run').click();
  const f = page.locator('.job-card').first();
  await expect(f).toHaveAttribute('data-phase', 'ERROR', { timeout: 60_000 });
  const furl = await f.getAttribute('data-url');
  const fjob = atSafir(furl);
  expect(fjob.phase).toBe('ERROR');
  const message = field(fjob.doc, 'message');
  expect(message).toContain('Geminga');
  await expect(f.locator('.job-error-summary')).toContainText(message);
  await expect(f.locator('.job-error-summary')).toContainText('Error (fatal)');
  expect(psql(`SELECT error_type::text || '|' || error_message FROM job WHERE id=${furl.split('/').pop()}`))
    .toBe('FATAL|Failed on purpose (fail=true) for source Geminga');
  const [est, errDoc] = curl(`${furl}/error`);
  expect(est).toBe(200);
  const errText = errDoc.match(/<INFO name="QUERY_STATUS" value="ERROR">([^<]*)</)[1].trim();
  await expect(f.locator('.job-error-doc pre')).toHaveText(errText);
  await shot(page, '05-error');

  // Filters: the ids Safir gives curl for the same filters, newest first.
  await page.locator('#joblist-phase-completed').check();
  await page.locator('#joblist-phase-error').check();
  await page.locator('#joblist-last').fill('2');
  await page.locator('#joblist-list').click();
  await expect(page.locator('#joblist')).toBeVisible();
  const ids = await page.locator('.joblist-row').evaluateAll((r) => r.map((x) => x.dataset.jobId));
  expect(ids).toEqual(listAtSafir('?PHASE=COMPLETED&PHASE=ERROR&LAST=2'));
  expect(ids).toEqual([furl.split('/').pop(), url.split('/').pop()]);
  // AFTER: the completed job's creation time keeps only the jobs created after it.
  const created = field(job.doc, 'creationTime').replace(/Z$/, '');
  await page.locator('#joblist-after').fill(created);
  await page.locator('#joblist-last').fill('');
  await page.locator('#joblist-list').click();
  const later = listAtSafir(`?PHASE=COMPLETED&PHASE=ERROR&AFTER=${created}Z`);
  expect(later).not.toContain(url.split('/').pop());
  if (later.length === 0) {
    await expect(page.locator('#joblist-empty')).toBeVisible();
  } else {
    await expect(page.locator('.joblist-row')).toHaveCount(later.length);
    expect(await page.locator('.joblist-row').evaluateAll((r) => r.map((x) => x.dataset.jobId))).toEqual(later);
  }
  const future = new Date(Date.now() + 3600e3).toISOString().slice(0, 16);
  await page.locator('#joblist-after').fill(future);
  await page.locator('#joblist-list').click();
  await expect(page.locator('#joblist-empty')).toBeVisible();
  expect(listAtSafir(`?PHASE=COMPLETED&AFTER=${future}:00Z`)).toEqual([]);
  await shot(page, '06-joblist');
  for (const u of [url, furl]) {
    await cardOf(page, u).locator('.job-delete').click();
    await expect(cardOf(page, u)).toHaveCount(0);
    expect(curl(u)[0]).toBe(404);
  }
});

test('HELD, SUSPENDED, UNKNOWN, ARCHIVED on Safir (set in its database as an operator would; Safir never moves a job there itself): each shown with what it allows, and what Safir then does', async ({ page }) => {
  test.setTimeout(150_000);
  const urls = {};
  for (const phase of ['HELD', 'SUSPENDED', 'UNKNOWN']) {
    urls[phase] = createAtSafir({ source: 'Crab', npoints: '3', duration: '1' });
    psql(`UPDATE job SET phase='${phase}' WHERE id=${urls[phase].split('/').pop()}`);
  }
  // ARCHIVED: a job that completed, then archived.
  urls.ARCHIVED = createAtSafir({ source: 'Crab', npoints: '3', duration: '0', PHASE: 'RUN' });
  for (const p of ['QUEUED', 'EXECUTING']) curl(`${urls.ARCHIVED}?WAIT=30&PHASE=${p}`);
  expect(atSafir(urls.ARCHIVED).phase).toBe('COMPLETED');
  psql(`UPDATE job SET phase='ARCHIVED' WHERE id=${urls.ARCHIVED.split('/').pop()}`);
  for (const [phase, u] of Object.entries(urls)) expect(atSafir(u).phase).toBe(phase);

  await page.goto('/');
  await openManager(page);
  // The whole list, no PHASE asked: Safir lists the ARCHIVED job anyway, and voscope says so.
  await page.locator('#joblist-list').click();
  await expect(page.locator('#joblist')).toBeVisible();
  const all = listAtSafir('');
  expect(await page.locator('.joblist-row').evaluateAll((r) => r.map((x) => x.dataset.jobId))).toEqual(all);
  expect(all).toContain(urls.ARCHIVED.split('/').pop());
  await expect(page.locator('#joblist-deviation')).toContainText('Not UWS 1.1: asked for no particular phase, the service lists');
  await expect(page.locator('#joblist-deviation')).toContainText('ARCHIVED job');
  for (const u of Object.values(urls)) {
    await page.locator(`.joblist-row[data-job-id="${u.split('/').pop()}"] .joblist-open`).click();
  }
  const card = (phase) => cardOf(page, urls[phase]);
  for (const phase of Object.keys(urls)) {
    await expect(card(phase)).toHaveAttribute('data-phase', phase);
    await expect(card(phase).locator('.job-phase-explain')).toContainText(`${phase}:`);
    await expect(card(phase).locator('.job-load-result')).toBeDisabled();
  }
  await expect(card('HELD').locator('.job-run')).toBeEnabled();
  await expect(card('HELD').locator('.job-abort')).toBeEnabled();
  for (const phase of ['SUSPENDED', 'UNKNOWN', 'ARCHIVED']) await expect(card(phase).locator('.job-run')).toBeDisabled();
  await expect(card('SUSPENDED').locator('.job-abort')).toBeEnabled();
  await expect(card('ARCHIVED').locator('.job-abort')).toBeDisabled();
  await expect(card('ARCHIVED').locator('.job-phase-explain')).toContainText('It can only be deleted');
  // Safir still lists the archived job's result; voscope offers it as gone, not as a link.
  expect(atSafir(urls.ARCHIVED).doc).toContain('<uws:result id="lightcurve"');
  await expect(card('ARCHIVED').locator('.job-result')).toContainText('archived: the service has deleted this result');
  await expect(card('ARCHIVED').locator('.job-result a')).toHaveCount(0);
  await shot(page, '07-rare-phases');
  // ABORT of a HELD or SUSPENDED job: Safir answers 303 and keeps the phase; said in words.
  for (const phase of ['HELD', 'SUSPENDED']) {
    await card(phase).locator('.job-abort').click();
    await expect(card(phase).locator('.job-problem')).toContainText(`The service accepted ABORT but kept the job ${phase}`);
    expect(atSafir(urls[phase]).phase).toBe(phase);
  }
  await shot(page, '08-abort-kept');
  // RUN from HELD is what Safir allows: queued, run, COMPLETED.
  await card('HELD').locator('.job-run').click();
  await expect(card('HELD')).toHaveAttribute('data-phase', 'COMPLETED', { timeout: 60_000 });
  expect(atSafir(urls.HELD).phase).toBe('COMPLETED');
  // Delete is allowed in every one of them.
  for (const phase of Object.keys(urls)) {
    await card(phase).locator('.job-delete').click();
    await expect(card(phase)).toHaveCount(0);
    expect(curl(urls[phase])[0]).toBe(404);
  }
});
