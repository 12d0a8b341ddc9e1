// A large answer is read while it downloads: rows appear, with a count, before the end.
// The network is slowed down in Chromium itself (DevTools protocol), DaCHS is real.
const path = require('path');
const { test, expect } = require('@playwright/test');
const { psql } = require('./peers');

test('the first rows of a 10 000-row answer show while it still downloads', async ({ page }) => {
  test.setTimeout(120_000);
  const total = Number(psql('SELECT count(*) FROM ivoa.obscore')[0][0]);
  expect(total).toBeGreaterThan(5000);
  await page.goto('/');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 20, downloadThroughput: 600 * 1024, uploadThroughput: 600 * 1024,
  });
  await page.locator('#adql').fill('SELECT * FROM ivoa.obscore');
  await page.locator('#maxrec').fill(String(total));
  await page.locator('#run').click();
  const running = page.locator('#query-running');
  await expect(running).toContainText(/Reading the answer of .*: [1-9][0-9\u202f]* rows/, { timeout: 30_000 });
  const partial = Number((await running.textContent()).match(/: ([\d\u202f]+) rows/)[1].replace(/\u202f/g, ''));
  expect(partial).toBeLessThan(total);
  await expect(page.locator('tbody tr[data-pos]').first()).toBeVisible();
  await page.screenshot({ path: path.join(__dirname, 'artifacts', '08-streaming.png') });
  await expect(page.locator('#row-count')).toHaveText(String(total), { timeout: 90_000 });
});
