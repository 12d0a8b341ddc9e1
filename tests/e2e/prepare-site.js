// Run by the Playwright webServer command before serving. Copies the built bundle to
// target/e2e-site and adds the deployment override that points Sesame at the local
// replay: the same mechanism an observatory uses (config.local.json). Then writes the
// nginx configuration that serves a second copy under /voscope/ and a portal under
// /portal/, both with the strict Content-Security-Policy.
const fs = require('fs');
const path = require('path');
const { CSP } = require('./csp');

const root = path.resolve(__dirname, '../..');

function copySite(to) {
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error('dist/ has no build: run `trunk build --release` first (scripts/test does)');
  }
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(dist, to, { recursive: true });
  fs.copyFileSync(path.join(root, 'scripts', 'peers', 'demo-config.json'), path.join(to, 'config.local.json'));
}

function prepareNginx(port) {
  const dir = path.join(root, 'target', 'e2e-nginx');
  const www = path.join(dir, 'www');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  // The bundle exactly as `trunk build --release` left it, under a base path.
  copySite(path.join(www, 'voscope'));
  // A portal elsewhere on the same server: the shipped example page, pointed at /voscope/.
  fs.mkdirSync(path.join(www, 'portal'), { recursive: true });
  for (const f of fs.readdirSync(path.join(root, 'dist', 'examples'))) {
    const text = fs.readFileSync(path.join(root, 'dist', 'examples', f), 'utf8');
    fs.writeFileSync(path.join(www, 'portal', f), text.replaceAll('../', '/voscope/'));
  }
  const conf = `# Written by tests/e2e/prepare-site.js: Debian's nginx, static files only.
${process.getuid && process.getuid() === 0 ? 'user root;' : ''}
worker_processes 1;
error_log ${dir}/logs/error.log;
pid ${dir}/nginx.pid;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${dir}/logs/access.log;
  client_body_temp_path ${dir}/tmp-body;
  proxy_temp_path ${dir}/tmp-proxy;
  fastcgi_temp_path ${dir}/tmp-fastcgi;
  uwsgi_temp_path ${dir}/tmp-uwsgi;
  scgi_temp_path ${dir}/tmp-scgi;
  server {
    listen 127.0.0.1:${port};
    root ${www};
    add_header Content-Security-Policy "${CSP}" always;
    location / { try_files $uri $uri/ =404; }
  }
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
}

copySite(path.join(root, 'target', 'e2e-site'));
fs.mkdirSync(path.join(__dirname, 'artifacts'), { recursive: true });
const nginxPort = Number(process.argv[2] || 0);
if (nginxPort) prepareNginx(nginxPort);
