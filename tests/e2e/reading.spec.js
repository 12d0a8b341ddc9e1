// Reading a result right (issue 15, items 5, 6, 7 and 10), at a desktop and a phone size,
// every answer checked against PostgreSQL on the demo DaCHS: energies named the right way
// round, the columns an ObsCore result opens on, dates to the second, filters as you type,
// shift-click ranges; the sky on the data's field with RA/Dec ticks, a hollow target and
// visible footprints, selections seen on the plot; histogram and scatter on columns that
// show something, in the table's units; CSV as shown or as served.
const fs = require('fs');
const path = require('path');
const { test, expect } = require('@playwright/test');
const { psql } = require('./peers');
const { showColumn } = require('./table');
const { run, pixels, download, reread } = require('./results_helpers');

const shots = path.join(__dirname, 'artifacts');
const HC = 1.239841984e-6;
const WHERE_HESS = "obs_collection = 'HESS-DL3-DR1'";
const HESS = `SELECT * FROM ivoa.obscore WHERE ${WHERE_HESS} ORDER BY obs_id`;
const SIZES = [[1280, 900], [390, 844]];
const mjdToIso = (mjd) => new Date(Math.round((Number(mjd) - 40587) * 86400) * 1000).toISOString().slice(0, 19);
const tev = (metres) => HC / Number(metres) / 1e12;

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
});

const headerNames = (page) => page.locator('#results-scroll thead tr:first-child th').evaluateAll((ths) => ths.map((t) => t.dataset.name));
const th = (page, name) => page.locator(`#results-scroll thead th[data-name="${name}"]`);

/** The text of the cell of `name` in the row at display position `pos`. */
async function cell(page, pos, name) {
  await showColumn(page, name);
  const k = (await headerNames(page)).indexOf(name);
  return page.locator(`#results-scroll tbody tr[data-pos="${pos}"] td[data-col="${k}"]`).textContent();
}

for (const [width, height] of SIZES) {
  test(`${width}px: energies read E_min to E_max; the first columns; dates to the second; filters as you type; shift-click`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height });
    await run(page, HESS);
    const total = Number(psql(`SELECT count(*) FROM ivoa.obscore WHERE ${WHERE_HESS}`)[0][0]);
    await expect(page.locator('#row-count')).toHaveText(String(total));

    // Item 6: a 38-column ObsCore result opens on what an astronomer reads first; the
    // rest are in the chooser.
    const served = psql("SELECT count(*) FROM TAP_SCHEMA.columns WHERE table_name = 'ivoa.obscore'")[0][0];
    expect(Number(served)).toBeGreaterThan(30);
    expect(await headerNames(page)).toEqual(['obs_id', 'target_name', 't_min', 't_exptime', 'em_max', 'em_min',
      'dataproduct_type', 'obs_collection', 'access_url']);
    await expect(page.locator('#column-chooser-toggle')).toHaveText(`Columns (9 of ${served})`);

    // Item 5: em_max (the longest wavelength) is the lowest energy, E_min, and comes first.
    await expect(th(page, 'em_max').locator('.quantity')).toHaveText('E_min');
    await expect(th(page, 'em_min').locator('.quantity')).toHaveText('E_max');
    for (const n of ['em_max', 'em_min']) {
      await expect(th(page, n).locator('.unit')).toHaveText('TeV');
      await expect(th(page, n).locator('.name')).toHaveText(n);
      await expect(th(page, n)).toHaveAttribute('title', new RegExp(`served as ${n} in m`));
    }
    const [row] = psql(`SELECT obs_id, em_min, em_max, t_min FROM ivoa.obscore WHERE ${WHERE_HESS} ORDER BY obs_id LIMIT 1`);
    const eMin = Number(await cell(page, 0, 'em_max'));
    const eMax = Number(await cell(page, 0, 'em_min'));
    expect(eMin).toBeCloseTo(tev(row[2]), 3);
    expect(eMax).toBeCloseTo(tev(row[1]), 1);
    expect(eMin).toBeLessThan(eMax);
    // The served names stay findable: the chooser and the filters use them.
    await page.locator('#column-chooser-toggle').click();
    await expect(page.locator('#column-chooser li', { hasText: 'em_max (E_min)' })).toHaveCount(1);
    await expect(page.locator('#column-chooser li', { hasText: /^s_region/ }).locator('input')).not.toBeChecked();
    await page.locator('#column-chooser-toggle').click();
    await page.locator('#results-scroll').evaluate((s) => { s.scrollLeft = 0; });
    await page.locator('#results-scroll').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, `30-reading-table-${width}.png`) });

    // Item 6: t_min to the second, and the cell holds it whole.
    const tMin = await cell(page, 0, 't_min');
    expect(tMin).toBe(mjdToIso(row[3]));
    const clipped = await page.locator('#results-scroll tbody td[data-col="2"]').evaluateAll((tds) => tds.filter((t) => t.scrollWidth > t.clientWidth).length);
    expect(clipped).toBe(0);
    if (width >= 1280) {
      // Target, time, exposure and the energy range fit without scrolling sideways.
      const edge = await page.locator('#results-scroll').evaluate((s) => s.getBoundingClientRect().right);
      for (const n of ['target_name', 't_min', 't_exptime', 'em_max', 'em_min']) {
        const box = await th(page, n).boundingBox();
        expect(box.x + box.width, n).toBeLessThanOrEqual(edge);
      }
    }

    // Filters apply as they are typed (no Enter), by the served name, in the unit shown:
    // E_min > 0.5 TeV is em_max < hc / 0.5 TeV.
    const filterBox = page.getByLabel('filter em_max', { exact: true });
    await expect(filterBox).toHaveAttribute('placeholder', /> 1/);
    await filterBox.pressSequentially('> 0.5');
    const above = Number(psql(`SELECT count(*) FROM ivoa.obscore WHERE ${WHERE_HESS} AND em_max < ${HC / 0.5e12}`)[0][0]);
    expect(above).toBeGreaterThan(0);
    expect(above).toBeLessThan(total);
    await expect(page.locator('#page-info')).toContainText(`of ${above} (filtered from ${total})`);
    await filterBox.fill('');
    await expect(page.locator('#page-info')).not.toContainText('filtered');

    // Shift-click selects the rows shown between two clicks.
    await showColumn(page, 'obs_id');
    const rows = page.locator('#results-scroll tbody tr[data-pos]');
    await rows.nth(1).click();
    await rows.nth(4).click({ modifiers: ['Shift'] });
    await expect(page.locator('#page-info')).toContainText('4 selected');
    await page.locator('#results-scroll').evaluate((s) => { s.scrollLeft = 0; });
    const picked = await page.locator('#results-scroll tr.selected td[data-col="0"]').allTextContents();
    const expected = psql(`SELECT obs_id FROM ivoa.obscore WHERE ${WHERE_HESS} ORDER BY obs_id OFFSET 1 LIMIT 4`).map((r) => r[0]);
    expect(picked).toEqual(expected);
    await page.screenshot({ path: path.join(shots, `31-reading-shift-${width}.png`) });
  });

  test(`${width}px: a 1° cone's sky opens on its field, with RA/Dec ticks, a hollow target, footprints and a seen selection`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height });
    await page.goto('/');
    await page.locator('#target-name').fill('Crab');
    await page.locator('#resolve').click();
    await expect(page.locator('#resolved')).toBeVisible();
    // The position the page resolved, as it wrote it into the generated query.
    const generated = await page.locator('#adql').inputValue();
    const m = generated.match(/CIRCLE\('ICRS',\s*([-\d.]+),\s*([-\d.]+)/);
    expect(m).not.toBeNull();
    const [ra0, dec0] = [Number(m[1]), Number(m[2])];
    const cone = `spoint(radians(s_ra), radians(s_dec)) @ scircle(spoint(radians(${ra0}), radians(${dec0})), radians(1))`;
    await run(page, `SELECT * FROM ivoa.obscore WHERE 1=CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', ${ra0}, ${dec0}, 1))`, '20000', true);
    const pts = psql(`SELECT s_ra, s_dec FROM ivoa.obscore WHERE ${cone}`).map((r) => r.map(Number));
    expect(pts.length).toBeGreaterThan(20);
    await page.locator('#tab-plots').click();
    const canvas = page.locator('#plot-canvas');
    await expect(canvas).toHaveAttribute('data-plotted', String(pts.length));
    // Not all-sky: a tangent plane around the target holding every point (gnomonic
    // offsets computed here from PostgreSQL's positions), with a 10 % margin.
    await expect(canvas).toHaveAttribute('data-view', 'tangent');
    const d2r = Math.PI / 180;
    let far = 0;
    for (const [ra, dec] of pts) {
      const [a, d, a0, d0] = [ra * d2r, dec * d2r, ra0 * d2r, dec0 * d2r];
      const c = Math.sin(d0) * Math.sin(d) + Math.cos(d0) * Math.cos(d) * Math.cos(a - a0);
      const x = Math.cos(d) * Math.sin(a - a0) / c;
      const y = (Math.cos(d0) * Math.sin(d) - Math.sin(d0) * Math.cos(d) * Math.cos(a - a0)) / c;
      far = Math.max(far, Math.abs(x) / d2r, Math.abs(y) / d2r);
    }
    const field = Number(await canvas.getAttribute('data-field'));
    expect(field).toBeCloseTo(far * 1.1, 3);
    expect(field).toBeLessThan(1.2);

    // Labelled axes and RA/Dec ticks that say the coordinates at the edges (SVG export).
    const svgFile = await download(page, '#export-svg', `sky-${width}.svg`);
    const svg = fs.readFileSync(svgFile, 'utf8');
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1].trim());
    expect(texts).toContain('RA [deg]');
    expect(texts).toContain('Dec [deg]');
    const raTicks = texts.filter((t) => /^\d+(\.\d+)?°$/.test(t)).map(parseFloat);
    const decTicks = texts.filter((t) => /^[+-]\d+(\.\d+)?°$/.test(t)).map(parseFloat);
    expect(raTicks.length).toBeGreaterThanOrEqual(2);
    expect(decTicks.length).toBeGreaterThanOrEqual(2);
    const raSpan = field / Math.cos(dec0 * d2r) * 1.05;
    for (const v of raTicks) expect(Math.abs(v - ra0), `RA tick ${v}`).toBeLessThanOrEqual(raSpan);
    for (const v of decTicks) expect(Math.abs(v - dec0), `Dec tick ${v}`).toBeLessThanOrEqual(field * 1.05);

    // The target is a ring: orange around it, the centre left to the points.
    const [tx, ty] = (await canvas.getAttribute('data-target')).split(',').map(Number);
    const marks = await canvas.evaluate((c, [tx, ty]) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const orange = (x, y) => { const i = (y * c.width + x) * 4; return d[i] > 200 && d[i + 1] > 90 && d[i + 1] < 160 && d[i + 2] < 70; };
      let centre = 0; let ring = 0;
      for (let dy = -4; dy <= 4; dy += 1) for (let dx = -4; dx <= 4; dx += 1) if (orange(tx + dx, ty + dy)) centre += 1;
      for (let k = 0; k < 64; k += 1) {
        const a = (k / 64) * 2 * Math.PI;
        if (orange(Math.round(tx + 9 * Math.cos(a)), Math.round(ty + 9 * Math.sin(a)))) ring += 1;
      }
      return { centre, ring };
    }, [tx, ty]);
    expect(marks.centre).toBe(0);
    expect(marks.ring).toBeGreaterThan(40);
    await canvas.screenshot({ path: path.join(shots, `32-sky-cone-${width}.png`) });

    // Footprints: the view widens to hold the fields of view, and they are drawn.
    const before = (await pixels(page, '#plot-canvas')).drawn;
    await page.locator('#sky-footprints').check();
    await expect.poll(async () => Number(await canvas.getAttribute('data-field'))).toBeGreaterThan(field + 1.5);
    const fov = Number(psql(`SELECT min(s_fov) FROM ivoa.obscore WHERE ${cone}`)[0][0]);
    expect(Number(await canvas.getAttribute('data-field'))).toBeGreaterThan(fov / 2);
    expect((await pixels(page, '#plot-canvas')).drawn).toBeGreaterThan(before + 5000);
    await canvas.screenshot({ path: path.join(shots, `33-sky-footprints-${width}.png`) });
    await page.locator('#sky-footprints').uncheck();

    // A box over the plot selects the rows in it; the plot says how many, in red.
    const box = await canvas.boundingBox();
    // (The orange target ring passes the red test of pixels(): counted before, as a base.)
    const unselected = (await pixels(page, '#plot-canvas')).selected;
    await page.mouse.move(box.x + 2, box.y + 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 2, box.y + box.height - 2, { steps: 6 });
    await page.mouse.up();
    await expect(page.locator('#plot-selected')).toHaveText(`${pts.length} of ${pts.length} rows selected (red, drawn larger).`);
    // Drawn in the selection's red (4×4 each, overlapping where runs share a pointing).
    expect((await pixels(page, '#plot-canvas')).selected).toBeGreaterThanOrEqual(unselected + 16);
    await page.locator('#plot-selected').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, `34-sky-selected-${width}.png`) });
    await page.locator('#plot-clear-selection').click();
    await expect(page.locator('#plot-selected')).toHaveText(/^No row selected/);
  });
}

test('histogram and scatter open on columns that show something, in the table\'s units, axes labelled', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await run(page, HESS);
  await page.locator('#tab-plots').click();
  // All-sky here: the H.E.S.S. release spreads over the southern sky.
  await expect(page.locator('#plot-canvas')).toHaveAttribute('data-view', 'all-sky');
  const svgTexts = async (name) => {
    const svg = fs.readFileSync(await download(page, '#export-svg', name), 'utf8');
    return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1].trim());
  };
  expect(await svgTexts('allsky.svg')).toEqual(expect.arrayContaining(['RA [deg]', 'Dec [deg]']));

  // The histogram: more than one bar, the same bins PostgreSQL counts for the column
  // and axis the page chose (energies in TeV on a log axis, as the table shows them).
  await page.locator('#plot-histogram').click();
  const canvas = page.locator('#plot-canvas');
  await expect(canvas).toHaveAttribute('data-plotted', /\d+/);
  const label = await page.locator('#hist-column option:checked').textContent();
  const log = await page.locator('#hist-logx').isChecked();
  const bins = Number(await page.locator('#hist-bins').inputValue());
  const served = label.match(/\(([a-z_]+)\)/) ? label.match(/\(([a-z_]+)\)/)[1] : label;
  const energy = label.includes('[TeV]');
  const value = energy ? `${HC} / ${served} / 1e12` : served;
  const expr = log ? `log(${value})` : value;
  const occupied = Number(psql(`WITH v AS (SELECT ${expr} e FROM ivoa.obscore WHERE ${WHERE_HESS} AND ${served} IS NOT NULL${log ? ` AND ${served} > 0` : ''}), `
    + 'r AS (SELECT min(e) lo, max(e) hi FROM v) '
    + `SELECT count(DISTINCT LEAST(floor((e - lo) / ((hi - lo) / ${bins})), ${bins - 1})) FROM v, r`)[0][0]);
  expect(occupied).toBeGreaterThanOrEqual(3);
  await expect(canvas).toHaveAttribute('data-covered', String(occupied));
  const hist = await svgTexts('hist.svg');
  expect(hist).toContain(label.trim());
  expect(hist).toContain('rows per bin');
  await canvas.screenshot({ path: path.join(shots, '35-histogram-default.png') });

  // The scatter: dates on the time axis (UTC, as the table), within PostgreSQL's range.
  await page.locator('#plot-scatter').click();
  await expect(page.locator('#scatter-x option:checked')).toHaveText('t_min');
  const scatter = await svgTexts('scatter.svg');
  expect(scatter).toContain('t_min [UTC]');
  const yLabel = (await page.locator('#scatter-y option:checked').textContent()).trim();
  expect(scatter).toContain(yLabel);
  const dates = scatter.filter((t) => /^\d{4}-\d\d-\d\d/.test(t));
  expect(dates.length).toBeGreaterThanOrEqual(2);
  const [lo, hi] = psql(`SELECT min(t_min), max(t_min) FROM ivoa.obscore WHERE ${WHERE_HESS}`)[0].map(mjdToIso);
  for (const d of dates) {
    expect(d.slice(0, 10) >= lo.slice(0, 10) && d.slice(0, 10) <= hi.slice(0, 10), `${d} within ${lo}..${hi}`).toBe(true);
  }
  await canvas.screenshot({ path: path.join(shots, '36-scatter-default.png') });

  // Coverage plots: labelled axes, dates in UTC.
  await page.locator('#plot-time').click();
  const time = await svgTexts('time.svg');
  expect(time).toContain('time [UTC]');
  expect(time.filter((t) => /^\d{4}-\d\d-\d\d/.test(t)).length).toBeGreaterThanOrEqual(2);
  await page.locator('#plot-energy').click();
  expect(await svgTexts('energy.svg')).toContain('energy E = hc/λ [TeV]');
});

test('CSV: as shown (the screen\'s columns, rows and units) or as served, the user\'s choice', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await run(page, HESS);
  await page.getByLabel('filter target_name', { exact: true }).pressSequentially('crab');
  const crab = psql(`SELECT obs_id, em_max, em_min, t_min, t_exptime FROM ivoa.obscore WHERE ${WHERE_HESS} AND target_name ILIKE '%crab%' ORDER BY obs_id`);
  expect(crab.length).toBeGreaterThan(0);
  await expect(page.locator('#page-info')).toContainText(`of ${crab.length} (filtered`);
  await expect(page.locator('#csv-values')).toHaveValue('shown');

  const shownFile = await download(page, '#export-csv', 'shown.csv');
  const shown = reread(shownFile, 'obs_id');
  // The header of each column as the screen labels it: quantity, served name, unit.
  const heads = await page.locator('#results-scroll thead tr:first-child th').evaluateAll((ths) => ths.map((t) => {
    const q = t.querySelector('.quantity'); const u = t.querySelector('.unit'); const n = t.dataset.name;
    const unit = u ? ` [${u.textContent}]` : '';
    return q ? `${q.textContent} (${n})${unit}` : `${n}${unit}`;
  }));
  expect(shown.columns).toEqual(heads);
  expect(shown.columns).toContain('E_min (em_max) [TeV]');
  expect(shown.columns).toContain('t_min [UTC]');
  expect(shown.rows).toBe(crab.length);
  // astropy reads the all-digit obs_ids as numbers.
  expect(shown.values.map(Number)).toEqual(crab.map((r) => Number(r[0])));
  const eMin = reread(shownFile, 'E_min (em_max) [TeV]').values.map(Number);
  const eMax = reread(shownFile, 'E_max (em_min) [TeV]').values.map(Number);
  crab.forEach((r, k) => {
    expect(eMin[k] / tev(r[1])).toBeCloseTo(1, 6);
    expect(eMax[k] / tev(r[2])).toBeCloseTo(1, 6);
  });
  expect(reread(shownFile, 't_min [UTC]').values).toEqual(crab.map((r) => mjdToIso(r[3])));
  const expTimes = reread(shownFile, 't_exptime [s]').values.map(Number);
  expect(expTimes.map(Math.fround)).toEqual(crab.map((r) => Math.fround(Number(r[4]))));

  // As served: every column and every row, metres and MJD, whatever is on screen.
  await page.locator('#csv-values').selectOption('served');
  const servedFile = await download(page, '#export-csv', 'served.csv');
  const all = reread(servedFile, 'em_max');
  const names = psql("SELECT column_name FROM TAP_SCHEMA.columns WHERE table_name = 'ivoa.obscore'").map((r) => r[0]);
  expect(all.columns.slice().sort()).toEqual(names.slice().sort());
  const total = Number(psql(`SELECT count(*) FROM ivoa.obscore WHERE ${WHERE_HESS}`)[0][0]);
  expect(all.rows).toBe(total);
  const raw = psql(`SELECT em_max FROM ivoa.obscore WHERE ${WHERE_HESS} ORDER BY obs_id`).map((r) => Number(r[0]));
  expect(all.values.map(Number).sort()).toEqual(raw.sort());
  await page.locator('.export').screenshot({ path: path.join(shots, '37-csv-choice.png') });
});
