// End-to-end tests: the release bundle (dist/, built by `trunk build --release`) served by a
// plain static server, driven in Debian's Chromium, against the real local peers that
// scripts/peers/up starts (DaCHS TAP on :8081, Sesame replay on :8082).
const path = require('path');
const { defineConfig } = require('@playwright/test');

const ROOT = path.resolve(__dirname, '../..');
const PORT = Number(process.env.E2E_PORT || 8090);
// Debian's nginx serving the same bundle under /voscope/ (and a portal page under
// /portal/), as an observatory would: deploy.spec.js.
const NGINX_PORT = PORT + 10;
// Every page of every test is served under the strict policy issue 8 names: a test that
// passes here passed under it (and each spec can listen for violations).
const { CSP } = require('./csp');

module.exports = defineConfig({
  testDir: __dirname,
  testMatch: /.*\.spec\.js/,
  outputDir: path.join(__dirname, 'test-results'),
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
  },
  // The SAMP specs run twice, once per hub: astropy's, then JSAMP's (TOPCAT's own hub);
  // each project's spec switches the hub (scripts/peers/samp/start with VOSCOPE_SAMP_HUB).
  // Every other spec runs once ("main").
  projects: [
    { name: 'main', testIgnore: /samp\.spec\.js/ },
    { name: 'samp-astropy', testMatch: /samp\.spec\.js/, metadata: { hub: 'astropy' } },
    { name: 'samp-jsamp', testMatch: /samp\.spec\.js/, metadata: { hub: 'jsamp' } },
  ],
  webServer: [
    {
      command: `node ${__dirname}/prepare-site.js ${NGINX_PORT} && python3 ${ROOT}/scripts/lib/static_server.py --dir ${ROOT}/target/e2e-site --port ${PORT} --header "Content-Security-Policy: ${CSP}"`,
      url: `http://127.0.0.1:${PORT}/index.html`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      // prepare-site.js (above) wrote the configuration; nginx stays in the foreground.
      command: `nginx -p ${ROOT}/target/e2e-nginx/ -c ${ROOT}/target/e2e-nginx/nginx.conf -g "daemon off;"`,
      url: `http://127.0.0.1:${NGINX_PORT}/voscope/index.html`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
  ],
});
