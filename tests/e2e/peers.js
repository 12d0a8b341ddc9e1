// Where the local peers live and how to ask them things independently of voscope.
const { execFileSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');

const peers = {
  tap: process.env.E2E_TAP || 'http://127.0.0.1:8081/tap',
  sesame: process.env.E2E_SESAME || 'http://127.0.0.1:8082/cgi-bin/nph-sesame',
  // The second TAP implementation: AIP's Daiquiri (scripts/peers/daiquiri).
  daiquiri: process.env.E2E_DAIQUIRI || 'http://127.0.0.1:8084/tap',
};

/**
 * Runs SQL with psql, as the postgres superuser, on the DaCHS database (or `db`: Daiquiri's
 * is daiquiri_data); rows as arrays.
 */
function psql(sql, db = 'gavo') {
  const out = execFileSync('su', ['postgres', '-c', `psql -X -A -t -F '\t' -d ${db} -c "${sql.replace(/"/g, '\\"')}"`],
    { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

/** A sync TAP query straight to DaCHS, or to `base` (curl, not the browser): the raw response text. */
function tapSync(adql, extra = {}, base = peers.tap) {
  const args = ['-s', '--data-urlencode', 'REQUEST=doQuery', '--data-urlencode', 'LANG=ADQL',
    '--data-urlencode', `QUERY=${adql}`];
  for (const [k, v] of Object.entries(extra)) args.push('--data-urlencode', `${k}=${v}`);
  args.push(`${base}/sync`);
  return execFileSync('curl', args, { encoding: 'utf8' });
}

function script(name) {
  return execFileSync(path.join(ROOT, 'scripts', 'peers', ...name.split('/')), { encoding: 'utf8', stdio: 'pipe' });
}

module.exports = { peers, psql, tapSync, script, ROOT };
