// Accessibility: axe-core on every state of the page (start, a real result from DaCHS and
// each of its views, the schema browser, settings, SAMP, UWS jobs, the column chooser,
// an error), with zero serious or critical violations allowed; and the main flow done
// with the keyboard only (Tab, Shift+Tab, Enter, Space, arrows, Escape), checking where
// the focus is at each step.
//
// The page is served under the strict CSP a deployment uses (the e2e server sends it, see
// csp.js), so the app is checked as it will run, and any style attribute the app sets
// (which that CSP refuses) fails the test. axe is injected with page.evaluate(source): Playwright evaluates it through the
// DevTools protocol (Runtime.evaluate), which CSP does not govern, so no inline <script>
// and no bypassCSP context is needed, and the app itself still runs under the real policy.
const fs = require('fs');
const path = require('path');
const { test, expect } = require('@playwright/test');

const shots = path.join(__dirname, 'artifacts');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const HESS = "SELECT * FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' ORDER BY obs_id";
const DEMO_UWS = 'http://127.0.0.1:8081/uwsdemo/q/run/async';

// The copy buttons write to the clipboard, which a user's click allows.
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  page.csp = [];
  page.on('console', (m) => {
    if (m.text().startsWith('voscope-style-attr ')) page.csp.push(m.text());
    else if (m.text().includes('Content Security Policy')) page.csp.push(m.text().slice(0, 120));
    else if (m.type() === 'error' && !m.text().startsWith('Applying inline style')) console.log('CONSOLE', m.text());
  });
  // Style attributes are what the CSP refuses (CSSOM properties it allows): each one set is
  // reported. (plotters' own text-measuring span used to set one; the plots now measure
  // text on their canvas, src/ui/text_measure.rs.)
  await page.addInitScript(() => {
    const set = Element.prototype.setAttribute;
    Element.prototype.setAttribute = function setAttribute(name, value) {
      if (String(name).toLowerCase() === 'style') {
        console.log(`voscope-style-attr <${this.tagName.toLowerCase()} class="${this.className}"> style="${value}"`);
      }
      return set.call(this, name, value);
    };
  });
});

test.afterEach(async ({ page }) => {
  expect([...new Set(page.csp)], 'nothing the CSP refuses').toEqual([]);
});

/** axe's violations on the page as it is: { id, impact, help, targets, nodes }. */
async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 8),
      nodes: v.nodes.length,
    }));
  }, TAGS);
}

/** Runs axe on the page as it is; fails on any serious or critical violation. */
async function axe(page, state) {
  const violations = await axeViolations(page);
  fs.mkdirSync(shots, { recursive: true });
  fs.writeFileSync(path.join(shots, `a11y-axe-${state.replace(/\W+/g, '-')}.json`), JSON.stringify(violations, null, 1));
  for (const v of violations) {
    console.log(`axe [${state}] ${v.impact} ${v.id} (${v.nodes}): ${v.help} — ${v.targets.join(' | ')}`);
  }
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  // Soft: every state of a test is checked and reported, not only the first bad one.
  expect.soft(bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}`).join('\n'),
    `serious or critical axe violations in "${state}"`).toBe('');
}

async function open(page) {
  await page.goto('/');
  await expect(page.locator('#service-facts')).toContainText('ADQL');
}

async function run(page, adql) {
  await open(page);
  await page.locator('#adql').fill(adql);
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toBeVisible({ timeout: 30_000 });
}

/** What has the focus: '#id', or tag.class, or 'body'. */
async function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'body';
    return e.id ? `#${e.id}` : `${e.tagName.toLowerCase()}${e.className ? `.${[...e.classList].join('.')}` : ''}`;
  });
}

/** Presses Tab (or Shift+Tab) until `selector` has the focus; fails after `max` presses. */
async function tabTo(page, selector, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return i;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${selector} not reached with ${back ? 'Shift+Tab' : 'Tab'} in ${max} presses (focus on ${await focused(page)})`);
}

/** The focused element shows a visible focus indicator (an outline or a box shadow). */
async function expectVisibleFocus(page) {
  const style = await page.evaluate(() => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    return { outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, shadow: s.boxShadow !== 'none' };
  });
  expect(style.outline || style.shadow, `focus indicator on ${await focused(page)}`).toBe(true);
}

test('axe is awake: an input whose label is cut off, an unnamed button and faint text are caught', async ({ page }) => {
  await open(page);
  await page.evaluate(() => {
    document.querySelector('label[for="target-name"]').removeAttribute('for');
    document.querySelector('#target-name').removeAttribute('placeholder');
    document.querySelector('#resolve').textContent = '';
    document.querySelector('#target-h').style.color = '#bbbbbb';
  });
  const ids = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  expect(ids).toEqual(expect.arrayContaining(['label', 'button-name', 'color-contrast']));
});

test('axe: the start page, settings, SAMP, schema browser, an error', async ({ page }) => {
  await open(page);
  await axe(page, 'start');

  await page.locator('.settings > summary').click();
  await axe(page, 'settings open');

  // SAMP with no hub answering (the shared test hub is left alone: no registration).
  await page.route(/localhost:21012/, (route) => route.abort());
  await page.locator('#samp-connect').click();
  await expect(page.locator('#samp-status')).toHaveAttribute('data-state', /nohub|lost|looking/);
  await axe(page, 'SAMP panel');
  await page.locator('#samp-disconnect').click();

  await page.locator('#schema-browser > summary').click();
  await expect(page.locator('#schema-browser summary')).toContainText('from VOSI');
  await page.locator('#schema-browser button[aria-label="columns of ivoa.obscore"]').click();
  await expect(page.locator('#schema-browser table.columns')).toBeVisible();
  await axe(page, 'schema browser expanded');

  // An error: a service error document, and a form error.
  await page.locator('#adql').fill('SELECT nonexistent_column FROM ivoa.obscore');
  await page.locator('#run').click();
  await expect(page.locator('#query-error')).toBeVisible({ timeout: 30_000 });
  await axe(page, 'query error');
  await page.screenshot({ path: path.join(shots, '60-a11y-error.png'), fullPage: true });
});

test('axe: a result from DaCHS in each of its views, the column chooser, related products', async ({ page }) => {
  test.setTimeout(120_000);
  await run(page, HESS);
  await expect(page.locator('#row-count')).toHaveText('105');
  await axe(page, 'result table');

  await page.locator('.column-chooser > summary').click();
  await expect(page.locator('#column-chooser li').first()).toBeVisible();
  await axe(page, 'column chooser open');
  await page.locator('.column-chooser > summary').click();

  await page.locator('#results-scroll tbody tr[data-pos="0"]').click();
  await page.locator('#tab-plots').click();
  for (const plot of ['sky', 'histogram', 'scatter', 'time', 'energy']) {
    const button = page.locator(`#plot-${plot}`);
    if (await button.count() === 0) continue;
    await button.click();
    await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', /\d+/);
    await axe(page, `plot ${plot}`);
  }
  await page.locator('#tab-provenance').click();
  await expect(page.locator('#provenance')).toBeVisible();
  await axe(page, 'provenance');
  await page.locator('#tab-table').click();

  await page.locator('#copy-curl').click();
  await axe(page, 'snippet');

  // DataLink: the related products of the first row.
  await page.evaluate(() => {
    const s = document.querySelector('#results-scroll');
    const th = [...s.querySelectorAll('thead tr:first-child th')].find((h) => h.querySelector('.name').textContent === 'access_url');
    s.scrollLeft = th.offsetLeft - 8;
  });
  await page.locator('#results-scroll tbody tr[data-pos="0"] button.links').click();
  await expect(page.locator('#datalink-panel tbody tr')).toHaveCount(3);
  await axe(page, 'related products');
});

test('axe: an OVERFLOW result with service-side aggregates', async ({ page }) => {
  test.setTimeout(90_000);
  await open(page);
  await page.locator('#adql').fill('SELECT * FROM ivoa.obscore');
  await page.locator('#maxrec').fill('300');
  await page.locator('#run').click();
  await expect(page.locator('#overflow')).toBeVisible({ timeout: 30_000 });
  await page.locator('#agg-count').click();
  await expect(page.locator('#agg-total')).toBeVisible({ timeout: 30_000 });
  await page.locator('#agg-column').selectOption('t_exptime');
  await page.locator('#agg-histogram').click();
  await expect(page.locator('#agg-summary')).toBeVisible({ timeout: 30_000 });
  await axe(page, 'aggregates');
});

test('axe: UWS job cards and the job manager', async ({ page }) => {
  test.setTimeout(90_000);
  await open(page);
  await page.locator('#adql').fill('SELECT TOP 3 obs_id FROM ivoa.obscore ORDER BY obs_id');
  await page.locator('#run-async').click();
  const card = page.locator('.job-card').first();
  await expect(card).toHaveAttribute('data-phase', 'COMPLETED', { timeout: 30_000 });
  await page.locator('#job-manager > summary').click();
  await page.locator('#joblist-url').fill(DEMO_UWS);
  await page.locator('#jobdesc-load').click();
  await expect(page.locator('#job-form')).toBeVisible({ timeout: 30_000 });
  await axe(page, 'UWS jobs and manager');
  await card.locator('.job-delete').click();
  await expect(page.locator('.job-card')).toHaveCount(0);
});

test('keyboard only: service, target, resolve, run, rows, sort, columns, views', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page);
  // Pick a service: the preset list with the arrows (another, then the demo back).
  await tabTo(page, '#service-preset');
  await expectVisibleFocus(page);
  const demo = await page.locator('#service-preset').inputValue();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#service-preset')).not.toHaveValue(demo);
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('#service-preset')).toHaveValue(demo);
  await expect(page.locator('#service-facts')).toContainText('ADQL');
  // The registry search is a disclosure that says whether it is open.
  await tabTo(page, '#find-services');
  await expect(page.locator('#find-services')).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(page.locator('#find-services')).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Space');
  await expect(page.locator('#find-services')).toHaveAttribute('aria-expanded', 'false');

  // A target, resolved with Enter (the form's submit).
  await tabTo(page, '#target-name');
  await expectVisibleFocus(page);
  await page.keyboard.type('Crab');
  await page.keyboard.press('Enter');
  await expect(page.locator('#res-ra')).toHaveText(/^83\.63/);
  await expect(page.locator('#adql')).toHaveValue(/INTERSECTS/);

  // Run: reached with Tab through the forms (no trap in the ADQL editor), pressed with Enter.
  await tabTo(page, '#run');
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page.locator('#row-count')).toBeVisible({ timeout: 30_000 });
  const total = Number(await page.locator('#row-count').textContent());
  expect(total).toBeGreaterThan(3);

  // The result rows: one tab stop, the arrows move the focused row, Space selects it.
  const grid = page.locator('#results-scroll table[role="grid"]');
  await expect(grid).toHaveAttribute('aria-rowcount', String(total + 2));
  await tabTo(page, '#results-scroll table[role="grid"]');
  await expectVisibleFocus(page);
  const rowAt = (pos) => page.locator(`#results-scroll tbody tr[data-pos="${pos}"]`);
  const idAt = async (pos) => rowAt(pos).getAttribute('id');
  await expect(grid).toHaveAttribute('aria-activedescendant', await idAt(0));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(grid).toHaveAttribute('aria-activedescendant', await idAt(2));
  await expect(rowAt(2)).toHaveClass(/focused/);
  await expect(rowAt(2)).toHaveAttribute('aria-rowindex', '5');
  await page.keyboard.press('Space');
  await expect(rowAt(2)).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#page-info')).toContainText('1 selected');
  await page.keyboard.press('ArrowUp');
  await expect(grid).toHaveAttribute('aria-activedescendant', await idAt(1));
  await page.keyboard.press('End');
  await expect(rowAt(total - 1)).toHaveClass(/focused/);
  await expect(grid).toHaveAttribute('aria-activedescendant', await idAt(total - 1));
  await page.keyboard.press('Home');
  await expect(grid).toHaveAttribute('aria-activedescendant', await idAt(0));
  expect(await focused(page)).toBe('table.results-table');

  // Sort: the next tab stop is the first column's sort button; Enter sorts, again reverses.
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('button.sort');
  await expectVisibleFocus(page);
  const th = page.locator('#results-scroll thead tr:first-child th').first();
  await page.keyboard.press('Enter');
  await expect(th).toHaveAttribute('aria-sort', 'ascending');
  await page.keyboard.press('Enter');
  await expect(th).toHaveAttribute('aria-sort', 'descending');
  expect(await focused(page)).toBe('button.sort');

  // The column chooser: open with Enter, a column hidden and shown with Space (the focus
  // stays on its box), closed with Escape (the focus back on its toggle).
  await tabTo(page, '#column-chooser-toggle', { back: true });
  await page.keyboard.press('Enter');
  await expect(page.locator('#column-chooser li').first()).toBeVisible();
  await page.keyboard.press('Tab');
  const box = await page.evaluate(() => document.activeElement.id);
  expect(box).toMatch(/^col-show-\d+$/);
  const first = await page.locator('#results-scroll thead tr:first-child th .name').first().textContent();
  await page.keyboard.press('Space');
  await expect(page.locator('#results-scroll thead tr:first-child th .name').first()).not.toHaveText(first);
  expect(await page.evaluate(() => document.activeElement.id)).toBe(box);
  await page.keyboard.press('Space');
  await expect(page.locator('#results-scroll thead tr:first-child th .name').last()).toHaveText(first);
  await page.keyboard.press('Escape');
  await expect(page.locator('.column-chooser')).not.toHaveAttribute('open', '');
  expect(await focused(page)).toBe('#column-chooser-toggle');

  // The result views: a tab list, one tab stop, the arrows switch views.
  await tabTo(page, '#tab-table', { back: true });
  await expect(page.locator('#tab-plots')).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('ArrowRight');
  expect(await focused(page)).toBe('#tab-plots');
  await expect(page.locator('#tab-plots')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#plots[role="tabpanel"]')).toBeVisible();
  await expect(page.locator('#plot-canvas')).toHaveAttribute('data-plotted', /\d+/);
  // Into the plot kinds, and across them.
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('#plot-sky');
  await page.keyboard.press('ArrowRight');
  expect(await focused(page)).toBe('#plot-histogram');
  await expect(page.locator('#hist-bins')).toBeVisible();
  await page.keyboard.press('End');
  expect(await focused(page)).toBe('#plot-energy');
  await tabTo(page, '#tab-plots', { back: true });
  await page.keyboard.press('ArrowRight');
  expect(await focused(page)).toBe('#tab-provenance');
  await expect(page.locator('#provenance')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  expect(await focused(page)).toBe('#tab-table');
  await expect(page.locator('#table-panel')).toBeVisible();
  // The selection made with Space is still there.
  await expect(page.locator('#page-info')).toContainText('1 selected');
  await page.screenshot({ path: path.join(shots, '61-a11y-keyboard.png') });
});

test("keyboard only: a row's related products open with Enter and close with Escape", async ({ page }) => {
  await open(page);
  await tabTo(page, '#adql');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(HESS);
  await page.keyboard.press('Escape');
  await tabTo(page, '#run');
  await page.keyboard.press('Enter');
  await expect(page.locator('#row-count')).toHaveText('105', { timeout: 30_000 });
  await tabTo(page, '#results-scroll table[role="grid"]');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#results-scroll tbody tr[data-pos="1"]')).toHaveClass(/focused/);
  await page.keyboard.press('Enter');
  const panel = page.locator('#datalink-panel');
  await expect(panel.locator('tbody tr')).toHaveCount(3);
  expect(await focused(page)).toBe('#datalink-close');
  // Its links are in the tab order; Escape from any of them closes it, back on the row.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement.tagName)).toBe('A');
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  expect(await focused(page)).toBe('table.results-table');
  await expect(page.locator('#results-scroll tbody tr[data-pos="1"]')).toHaveClass(/focused/);
});

test('keyboard only: Tab and Shift+Tab go round the whole page, every control on the way', async ({ page }) => {
  test.setTimeout(90_000);
  await run(page, HESS);
  await page.locator('#schema-browser > summary').click();
  await page.locator('.settings > summary').click();
  await page.locator('#job-manager > summary').click();
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  // Every visible control that takes the focus from the keyboard, in document order.
  const controls = await page.evaluate(() => {
    const sel = 'a[href], button, input, select, textarea, summary, [tabindex]';
    // The grid's cells are windowed (links come and go as it scrolls): not counted.
    return [...document.querySelectorAll(sel)]
      .filter((e) => !e.closest('#results-scroll tbody') && !e.disabled && e.tabIndex >= 0
        && e.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }) && !e.closest('[inert]'))
      .map((e, i) => { e.dataset.a11yOrder = String(i); return `${i}: ${e.outerHTML.slice(0, 100)}`; });
  });
  expect(controls.length).toBeGreaterThan(40);
  const walk = async (key) => {
    const seen = new Set();
    for (let i = 0; i < controls.length * 2 + 20; i += 1) {
      await page.keyboard.press(key);
      const at = await page.evaluate(() => (document.activeElement === document.body ? 'body' : document.activeElement.dataset.a11yOrder ?? 'other'));
      if (at === 'body' && seen.size > 0) break;
      if (seen.has(at) && at !== 'other') break;
      seen.add(at);
    }
    return seen;
  };
  const forward = await walk('Tab');
  expect(controls.filter((c, i) => !forward.has(String(i))), 'controls Tab never reached').toEqual([]);
  const back = await walk('Shift+Tab');
  expect(back.size, 'Shift+Tab goes round as Tab does').toBe(forward.size);
  // Nothing that looks clickable (a pointer cursor) is out of the keyboard's reach, except
  // what has a keyboard way of its own: the grid's rows (arrows, Space) and the plot canvas
  // (its rows are selected in the grid).
  const mouseOnly = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => getComputedStyle(e).cursor === 'pointer' && e.tabIndex < 0 && !e.closest('a, button, label, summary, select, [tabindex="0"]'))
    .map((e) => e.outerHTML.slice(0, 100)));
  expect(mouseOnly).toEqual([]);
});

test('axe: the history with entries, the shared link, and a running then cancelled query', async ({ page }) => {
  await run(page, 'SELECT TOP 2 obs_id FROM ivoa.obscore ORDER BY obs_id');
  await page.locator('#copy-link').click();
  await expect(page.locator('#share-url')).toBeVisible();
  await page.locator('#history summary').click();
  await expect(page.locator('li.history-entry').first()).toBeVisible();
  await axe(page, 'history and share link');
  await page.route('**/tap/sync', () => {}); // never answered: the query stays running
  await page.locator('#run').click();
  await expect(page.locator('#cancel-query')).toBeVisible();
  await axe(page, 'query running');
  await page.locator('#cancel-query').click();
  await expect(page.locator('#query-cancelled')).toBeVisible();
  await axe(page, 'query cancelled');
});

test('axe: the quick-look of a stack, its cuts open, and a file it refuses', async ({ page }) => {
  test.setTimeout(120_000);
  await run(page, "SELECT * FROM ivoa.obscore WHERE obs_collection = 'HESS-DL3-DR1' AND target_name LIKE 'Crab%' ORDER BY obs_id");
  await page.locator('#quicklook-selected').click();
  await expect(page.locator('#ql-runs')).toHaveText('4', { timeout: 60_000 });
  await axe(page, 'quick-look of 4 runs');
  await page.locator('#ql-cuts-toggle').click();
  await expect(page.locator('#ql-emin')).toBeVisible();
  await axe(page, 'quick-look cuts open');
  const broken = path.join(require('os').tmpdir(), 'voscope-a11y-broken.fits');
  fs.writeFileSync(broken, 'SIMPLE  = not really FITS');
  await page.locator('#open-votable').setInputFiles(broken);
  await expect(page.locator('#ql-error')).toBeVisible();
  await axe(page, 'quick-look refusing a file');
});
