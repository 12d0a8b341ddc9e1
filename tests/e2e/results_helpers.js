// Helpers of the results specs: running a query from the editor, reading a canvas's
// pixels, saving a download, re-reading an export with astropy.
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { expect } = require('@playwright/test');

/** Runs `adql` from the editor (on a fresh page unless `here`). */
async function run(page, adql, maxrec = '20000', here = false) {
  if (!here) await page.goto('/');
  await expect(page.locator('#service-facts')).toContainText('ADQL');
  await page.locator('#adql').fill(adql);
  await page.locator('#maxrec').fill(maxrec);
  await page.locator('#run').click();
  await expect(page.locator('#row-count')).toBeVisible({ timeout: 30_000 });
}

async function sortBy(page, column) {
  await page.locator('#results-scroll thead th', { has: page.locator('.name', { hasText: new RegExp(`^${column}$`) }) })
    .locator('button.sort').click();
}

async function filter(page, column, text) {
  await page.getByLabel(`filter ${column}`, { exact: true }).fill(text);
  await page.getByLabel(`filter ${column}`, { exact: true }).press('Enter');
  await page.getByLabel(`filter ${column}`, { exact: true }).blur();
}

/** Pixels of the canvas that are not white, and those in the selection colour. */
async function pixels(page, selector) {
  return page.locator(selector).evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let drawn = 0; let selected = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) drawn += 1;
      // The selection red (220, 50, 32) blended over white; the points' blue never has r > g.
      if (d[i] > 200 && d[i] - d[i + 1] > 60 && d[i + 2] < 170) selected += 1;
    }
    return { drawn, selected };
  });
}

async function download(page, button, name) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  const file = path.join(os.tmpdir(), `voscope-e2e-${name}`);
  await dl.saveAs(file);
  return file;
}

function reread(file, column) {
  const python = path.join(os.homedir(), '.cache/voscope/venv/bin/python');
  return JSON.parse(execFileSync(python, [path.join(__dirname, 'reread.py'), file, column], { encoding: 'utf8' }));
}

module.exports = { run, sortBy, filter, pixels, download, reread };
