// Starts voscope on its own page (index.html). A file rather than an inline script, so
// the page runs under a strict Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'.
import init, { start_page } from './voscope.js';

await init({ module_or_path: new URL('voscope_bg.wasm', import.meta.url) });
start_page();
