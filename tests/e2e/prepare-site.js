// Run by the Playwright webServer command before serving. Copies the built bundle to target/e2e-site and adds the deployment override that points
// Sesame at the local replay: the same mechanism an observatory uses (config.local.json).
const fs = require('fs');
const path = require('path');

function prepare() {
  const root = path.resolve(__dirname, '../..');
  const dist = path.join(root, 'dist');
  const site = path.join(root, 'target', 'e2e-site');
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error('dist/ has no build: run `trunk build --release` first (scripts/test does)');
  }
  fs.rmSync(site, { recursive: true, force: true });
  fs.cpSync(dist, site, { recursive: true });
  fs.copyFileSync(path.join(root, 'scripts', 'peers', 'demo-config.json'), path.join(site, 'config.local.json'));
  fs.mkdirSync(path.join(__dirname, 'artifacts'), { recursive: true });
}

prepare();
