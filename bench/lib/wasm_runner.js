// Measures voscope's reader compiled to wasm32 in headless Chromium (Debian's), one fresh
// page per measurement. Usage: node wasm_runner.js BASE_URL MODE FILE... → one JSON line
// per file on stdout.
const { chromium } = require('../../node_modules/playwright-core');

(async () => {
  const [base, mode, ...files] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  try {
    for (const file of files) {
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.error('pageerror', e.message));
      await page.goto(`${base}/bench/wasm/page.html`);
      await page.waitForFunction(() => typeof window.runBench === 'function');
      const r = await page.evaluate(([f, m]) => window.runBench(f, m), [`${base}/${file}`, mode]);
      console.log(JSON.stringify({ file, mode, ...r }));
      await page.close();
    }
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
