// The workspace, as a new user meets it (issue 15): the cone finds every run whose field
// holds the target (equal to psql/pgsphere), a failed resolve leaves nothing stale, the
// schema browser inserts at the caret, and after every action the answer is in view and
// focused, on a desktop and on a phone, without the test scrolling.
const path = require('path');
const { test, expect } = require('@playwright/test');
const { psql } = require('./peers');
const { columnValues, showColumn } = require('./table');
const { watchCsp } = require('./csp');

const shots = path.join(__dirname, 'artifacts');
const SIZES = [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 390, height: 844 }];

async function open(page, query = '') {
  page.on('pageerror', (e) => { throw e; });
  await page.goto(`/${query}`);
  await expect(page.locator('#service-facts')).toContainText('ADQL');
}

/** The element is inside the viewport (its box, not the page) and holds the focus. */
async function inViewAndFocused(page, selector) {
  const el = page.locator(selector);
  await expect(el).toBeVisible();
  await expect.poll(async () => page.evaluate((sel) => {
    const e = document.querySelector(sel);
    const a = document.activeElement;
    return Boolean(e && a && (e === a || e.contains(a) || a.contains(e)));
  }, selector), { message: `${selector} has the focus` }).toBe(true);
  const box = await el.boundingBox();
  const vp = page.viewportSize();
  expect(box, `${selector} has a box`).not.toBeNull();
  // Its top edge on screen, and at least 40 px of it (the message's first line) visible.
  expect(box.y, `${selector} top within the viewport`).toBeGreaterThanOrEqual(0);
  expect(box.y + Math.min(box.height, 40), `${selector} visible`).toBeLessThanOrEqual(vp.height);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x).toBeLessThan(vp.width);
}

// Targets and radii of the real H.E.S.S. runs and synthetic ones around them.
const CONES = [
  { ra: 83.63308, dec: 22.0145, r: 1 },
  // Not 0.5°: the synthetic H.E.S.S. wobble is exactly 0.5°, which puts pointings on the
  // circle itself, where pgsphere and DaCHS's translation round differently (361 vs 175).
  { ra: 329.71694, dec: -30.22559, r: 0.8 },
  { ra: 228.5292, dec: -59.1575, r: 2 },
  { ra: 258.3875, dec: -39.7625, r: 1.5 },
];
const circle = (c) => `scircle(spoint(radians(${c.ra}), radians(${c.dec})), radians(${c.r}))`;
const SQL = {
  field: (c) => `s_region && ${circle(c)}`,
  pointing: (c) => `spoint(radians(s_ra), radians(s_dec)) @ ${circle(c)}`,
};

test('the generated cone equals psql for several targets and radii, field and pointing', async ({ page }) => {
  test.setTimeout(180_000);
  await open(page);
  await page.locator('#top').fill('');
  for (const mode of ['field', 'pointing']) {
    await page.locator('#cone-test').selectOption(mode);
    for (const c of CONES) {
      await page.locator('#target-name').fill(`${c.ra} ${c.dec >= 0 ? '+' : ''}${c.dec}`);
      await page.locator('#radius').fill(String(c.r));
      await page.locator('#resolve').click();
      await expect(page.locator('#res-ra')).toHaveText(c.ra.toFixed(6));
      const adql = await page.locator('#adql').inputValue();
      expect(adql).toContain(mode === 'field' ? '1=INTERSECTS(s_region, CIRCLE(' : '1=CONTAINS(POINT(');
      await expect(page.locator('#cone-test-note')).toContainText(mode === 'field' ? 'field of view (s_region) intersects' : 'pointing (s_ra, s_dec) within');
      const expected = psql(`SELECT obs_publisher_did FROM ivoa.obscore WHERE ${SQL[mode](c)}`).map((r) => r[0]);
      expect(expected.length, `${mode} ${JSON.stringify(c)} finds rows`).toBeGreaterThan(0);
      await page.locator('#run').click();
      await expect(page.locator('#row-count')).toHaveText(String(expected.length), { timeout: 30_000 });
      if (expected.length <= 300) {
        const shown = await columnValues(page, 'obs_publisher_did');
        expect(shown.slice().sort()).toEqual(expected.slice().sort());
      }
    }
  }
});

test('the default Crab query on the demo finds all four H.E.S.S. DL3 Crab runs', async ({ page }) => {
  await open(page);
  await page.locator('#target-name').fill('Crab');
  await page.locator('#resolve').click();
  await expect(page.locator('#resolved')).toContainText('via');
  await expect(page.locator('#radius')).toHaveValue('1');
  await page.locator('#run').click();
  const ra = Number(await page.locator('#res-ra').textContent());
  const dec = Number(await page.locator('#res-dec').textContent());
  const crab = { ra, dec, r: 1 };
  const hess = psql(`SELECT obs_id FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' AND ${SQL.field(crab)} ORDER BY obs_id`).map((r) => r[0]);
  expect(hess).toEqual(['023523', '023526', '023559', '023592']);
  // The pointing test would have missed two of them (wobble offsets).
  const pointed = psql(`SELECT obs_id FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' AND ${SQL.pointing(crab)}`).map((r) => r[0]);
  expect(pointed.length).toBeLessThan(4);
  const total = psql(`SELECT count(*) FROM ivoa.obscore WHERE ${SQL.field(crab)}`)[0][0];
  await expect(page.locator('#row-count')).toHaveText(total, { timeout: 30_000 });
  const ids = await columnValues(page, 'obs_id');
  for (const id of hess) expect(ids).toContain(id);
});

test('a failed resolve leaves no stale target or query, and stale messages go', async ({ page }) => {
  await open(page);
  // Nothing to run yet: Run says so instead of failing.
  await page.locator('#adql').fill('');
  await expect(page.locator('#run')).toBeDisabled();
  await expect(page.locator('#run-hint')).toContainText('Resolve a target, set a filter or type ADQL');
  await expect(page.locator('#adql-error')).toHaveCount(0);
  await page.locator('#target-name').fill('Crab');
  await page.locator('#resolve').click();
  await expect(page.locator('#resolved')).toContainText('via');
  await expect(page.locator('#adql')).toHaveValue(/INTERSECTS/);
  await expect(page.locator('#run')).toBeEnabled();
  // TOP and MAXREC are explained side by side.
  await expect(page.locator('#limits-hint')).toContainText('TOP 1000 is part of the query');
  await expect(page.locator('#limits-hint')).toContainText('MAXREC 20000 caps the rows the service returns');
  // A query that fails leaves its message …
  await page.locator('#adql').fill('SELECT nothere FROM ivoa.obscore');
  await page.locator('#run').click();
  await expect(page.locator('#query-error')).toBeVisible({ timeout: 30_000 });
  // … and an unknown name then clears the old card, the generated query and the message.
  await page.locator('#regenerate').click();
  await page.locator('#target-name').fill('No Such Object 12345');
  await page.locator('#resolve').click();
  await expect(page.locator('#resolve-error')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('#resolved')).toHaveCount(0);
  await expect(page.locator('#adql')).toHaveValue('');
  await expect(page.locator('#run')).toBeDisabled();
  await expect(page.locator('#query-error')).toHaveCount(0);
});

test('a table picked in the schema browser goes where the caret is, or becomes a query', async ({ page }) => {
  await open(page);
  const q = 'SELECT TOP 5 * FROM  WHERE 1=1';
  await page.locator('#adql').fill(q);
  // The caret after "FROM ", as a user clicks it there.
  await page.locator('#adql').evaluate((t, at) => { t.focus(); t.setSelectionRange(at, at); }, q.indexOf(' WHERE'));
  await page.locator('#adql').press('ArrowRight');
  await page.locator('#adql').press('ArrowLeft');
  await page.locator('#schema-browser > summary').click();
  await page.locator('#schema-browser .table-name', { hasText: /^ivoa\.obscore$/ }).click();
  await expect(page.locator('#adql')).toHaveValue('SELECT TOP 5 * FROM ivoa.obscore WHERE 1=1');
  // "Query" replaces the query with one on that table.
  await page.locator('#schema-browser li.table-item', { has: page.locator('.table-name', { hasText: /^ivoa\.obscore$/ }) })
    .locator('.query-table').click();
  await expect(page.locator('#adql')).toHaveValue('SELECT TOP 100 * FROM ivoa.obscore');
});

for (const size of SIZES) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('after Resolve, Run, a failed query and Run async the answer is in view and focused', async ({ page }) => {
      test.setTimeout(120_000);
      const violations = await watchCsp(page);
      await open(page);
      await page.locator('#target-name').fill('Crab');
      await page.locator('#resolve').click();
      await inViewAndFocused(page, '#resolved');
      await page.screenshot({ path: path.join(shots, `workspace-${size.name}-1-resolved.png`) });

      await page.locator('#run').click();
      await expect(page.locator('#row-count')).toBeVisible({ timeout: 30_000 });
      await inViewAndFocused(page, '#answer');
      await expect(page.locator('#answer #row-count')).toBeVisible();
      await page.screenshot({ path: path.join(shots, `workspace-${size.name}-2-result.png`) });

      // A row's DataLink products open where the user is looking, with the focus.
      await page.locator('#adql').fill("SELECT TOP 5 * FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' ORDER BY obs_id");
      await page.locator('#run').click();
      await expect(page.locator('#row-count')).toHaveText('5', { timeout: 30_000 });
      await showColumn(page, 'access_url');
      await page.locator('#results-scroll button.links').first().click();
      await expect(page.locator('#datalink-panel a[href]').first()).toBeAttached({ timeout: 30_000 });
      await inViewAndFocused(page, '#datalink-panel');
      // Every product's line fits the panel's width (on a phone each product is a card):
      // no cell is squeezed into a column a few words wide, nothing runs off the side.
      const fit = await page.locator('#datalink-panel').evaluate((panel) => {
        const box = panel.getBoundingClientRect();
        const cells = [...panel.querySelectorAll('table.products td')].map((td) => td.getBoundingClientRect());
        return { n: cells.length, right: Math.max(...cells.map((c) => c.right)) - box.right, narrow: cells.filter((c) => c.width > 0 && c.width < 80).length };
      });
      expect(fit.n).toBeGreaterThan(0);
      expect(fit.right).toBeLessThanOrEqual(1);
      if (size.width < 600) expect(fit.narrow).toBe(0);
      await page.screenshot({ path: path.join(shots, `workspace-${size.name}-2b-datalink.png`) });

      await page.locator('#adql').fill('SELECT nothere FROM ivoa.obscore');
      await page.locator('#run').click();
      await expect(page.locator('#answer #query-error')).toContainText('nothere', { timeout: 30_000 });
      await inViewAndFocused(page, '#answer');
      await page.screenshot({ path: path.join(shots, `workspace-${size.name}-3-error.png`) });

      // An async query: its card stands where the answer will be, then its rows.
      await page.locator('#adql').fill("SELECT TOP 3 obs_id, t_exptime FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' ORDER BY obs_id");
      await page.locator('#run-async').click();
      await inViewAndFocused(page, '#answer');
      await expect(page.locator('#answer')).toContainText(/Async query|rows/, { timeout: 30_000 });
      await page.screenshot({ path: path.join(shots, `workspace-${size.name}-4-async.png`) });
      await expect(page.locator('#answer #row-count')).toHaveText('3', { timeout: 60_000 });
      await expect(page.locator('#result-summary')).toContainText(/async job \S+ ran [\d.]+ s on the service; result downloaded in \d+ ms/);
      expect(await violations()).toEqual([]);
    });
  });
}

test('an async query shows its job card with the query, is aborted visibly, and is in History', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page);
  // The job's start (POST …/phase PHASE=RUN) is held at the network, so the job stays
  // PENDING while the test looks at its card; an abort goes through.
  let release;
  const held = new Promise((r) => { release = r; });
  const isPhase = (url) => /\/async\/[^/?]+\/phase$/.test(url.pathname);
  await page.route(isPhase, async (route) => {
    if ((route.request().postData() || '').includes('PHASE=RUN')) await held;
    await route.continue().catch(() => {});
  });
  const adql = "SELECT TOP 2 obs_id FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' ORDER BY obs_id";
  await page.locator('#adql').fill(adql);
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toHaveText('2', { timeout: 30_000 });
  await page.locator('#run-async').click();
  const card = page.locator('#answer-job');
  await expect(card).toBeVisible({ timeout: 30_000 });
  // The previous (sync) result is no longer shown as if it were this query's.
  await expect(page.locator('#answer #row-count')).toHaveCount(0);
  await expect(card.locator('.answer-job-adql')).toHaveText(adql);
  await expect(card.locator('#answer-job-status')).toContainText('Async query: created');
  await expect(card.locator('.answer-job-phase')).toHaveText('PENDING');
  const jobId = (await card.locator('.answer-job-id').textContent()).trim();
  expect(jobId.length).toBeGreaterThan(0);
  await card.locator('#answer-job-abort').click();
  await expect(page.locator('.job-card').first()).toHaveAttribute('data-phase', 'ABORTED', { timeout: 30_000 });
  release();
  await expect(page.locator('#answer #query-cancelled')).toContainText(`The async job ${jobId} was aborted before it finished`, { timeout: 30_000 });
  // History has it (the same query on the same service is one entry, newest outcome).
  await page.locator('#history > summary').click();
  const entry = page.locator('.history-entry').first();
  await expect(entry).toContainText('failed: aborted');
  await expect(entry.locator('.history-adql')).toHaveAttribute('title', adql);
  // Run async again, unheld: its rows replace the message, and History follows.
  await page.unroute(isPhase);
  await page.locator('#run-async').click();
  await expect(page.locator('#answer #row-count')).toHaveText('2', { timeout: 60_000 });
  await expect(entry).toContainText('2 rows');
});

test('every link the demo shows leads somewhere real on this machine', async ({ page, request }) => {
  test.setTimeout(120_000);
  await open(page);
  // Two real runs (DataLink, event lists) and synthetic rows (no file: their table's page).
  await page.locator('#adql').fill("SELECT TOP 10 * FROM ivoa.obscore WHERE obs_id IN ('020136', '023523') OR obs_collection = 'SYNTH-HESS' ORDER BY obs_collection, obs_id");
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toHaveText('10', { timeout: 30_000 });
  await showColumn(page, 'access_url');
  // A H.E.S.S. run's DataLink products, and a synthetic row's link (its table's page).
  await page.locator('#results-scroll button.links').first().click();
  await expect(page.locator('#datalink-panel a[href]').first()).toBeAttached({ timeout: 30_000 });
  await expect(page.locator('#results-scroll a[href*="tableinfo"]').first()).toBeAttached();
  await page.locator('#about summary').click();
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const h of new Set(hrefs)) {
    expect(h, 'no placeholder domain').not.toMatch(/\.invalid\b/);
    expect(h, 'on this machine').toMatch(/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//);
    const r = await request.get(h);
    expect(r.status(), `${h} answers`).toBeLessThan(400);
  }
  // The demo service's description speaks of the data, not of the scripts.
  await expect(page.locator('body')).not.toContainText('started by scripts/serve');
});
