// The Content-Security-Policy of issue 8, sent with every page the end-to-end tests load.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src *";

/**
 * Collects the page's CSP violations (the browser's `securitypolicyviolation` events,
 * recorded from the first script on) and its console reports of them, for a test to
 * assert none happened.
 */
async function watchCsp(page) {
  const reports = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) reports.push(m.text());
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return async () => {
    const events = await page.evaluate(() => window.__cspViolations || []);
    return [...events, ...reports];
  };
}

module.exports = { CSP, watchCsp };
