// Browser side of bench/fits. The files are fetched first (not timed); then each pass
// decodes all of them one after the other, as the app's stack does:
//   floor           the browser's DecompressionStream('gzip') alone, fed the bytes as they
//                   are (a ReadableStream with the file enqueued), read with
//                   Response.arrayBuffer: the fastest way found to use it
//   voscope         the app's whole-file gunzip (src/net/decompress.rs): the bytes as a
//                   Response body → DecompressionStream → Response.arrayBuffer; then
//                   voscope's wasm: copy into wasm memory, Fits::parse, EVENTS column_f64
//                   of EVENT_ID, TIME, RA, DEC, ENERGY (decode_events)
//   voscope-stream  the same decode, with the gunzip fed as the floor is (no Blob)
//   app             the app's stack: the first run whole, the others up to AEFF as
//                   net::gunzip_until does (64 KiB pieces on demand, reader cancelled there)
//   prefix          every run up to AEFF, fed in 64 KiB pieces, inflating in a stream
//                   and stopping once EVENTS, GTI and AEFF are in (wasm prefix_len), then
//                   the same decode_events on that prefix
// Passes go floor, voscope, voscope-stream, prefix, `repeat` times; the best of each is kept.
// network: the downloads alone, from the demo DaCHS: each run's DataLink document, then
// the event list it names (#this), sequentially as the app does, and 4 runs at a time;
// and the same event lists from the plain static server that serves this page.
// profile: the app's gunzip, then parse + DlRun::read + stack + charts in wasm (StackProfile).
import init, * as wasm from '../out/fits-wasm/fits_wasm_bench.js';

/** The file's bytes as a stream: through a Blob (the app), enqueued whole, or in 64 KiB
 * pieces given on demand (so that inflating stops when the reader stops reading: a whole
 * chunk is inflated at once, whatever the reader wants). */
function source(bytes, feed) {
  if (feed === 'blob') return new Blob([bytes]).stream();
  // The app's feed (src/net/decompress.rs): the bytes as a Response body.
  if (feed === 'response') return new Response(bytes).body;
  if (feed === 'stream') return new ReadableStream({ start(c) { c.enqueue(bytes.slice()); c.close(); } });
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) { c.close(); return; }
      c.enqueue(bytes.slice(at, at + 65536));
      at += 65536;
    },
  }, { highWaterMark: 0 });
}

async function gunzip(bytes, feed) {
  const out = source(bytes, feed).pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(out).arrayBuffer());
}

async function floorPass(files) {
  const t0 = performance.now();
  let plainBytes = 0;
  for (const f of files) plainBytes += (await gunzip(f, 'stream')).length;
  return { ms: performance.now() - t0, plainBytes };
}

async function voscopePass(files, feed) {
  const t0 = performance.now();
  let gunzipMs = 0;
  const checks = [];
  for (const f of files) {
    const g0 = performance.now();
    const plain = await gunzip(f, feed);
    gunzipMs += performance.now() - g0;
    const [rows, sum] = wasm.decode_events(plain);
    checks.push([rows, sum]);
  }
  const ms = performance.now() - t0;
  return { ms, gunzipMs, decodeMs: ms - gunzipMs, checks };
}

/** Inflates only as much of the file as holds the HDUs up to `last`. */
async function gunzipPrefix(bytes, last, feed = 'pieces') {
  const reader = source(bytes, feed).pipeThrough(new DecompressionStream('gzip')).getReader();
  let buf = new Uint8Array(1 << 20);
  let len = 0;
  let needed = -1;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (len + value.length > buf.length) {
      const grown = new Uint8Array(Math.max(buf.length * 2, len + value.length));
      grown.set(buf.subarray(0, len));
      buf = grown;
    }
    buf.set(value, len);
    len += value.length;
    if (needed < 0) needed = wasm.prefix_len(buf.subarray(0, len), last);
    if (needed >= 0 && len >= needed) {
      await reader.cancel();
      return buf.subarray(0, needed);
    }
  }
  return buf.subarray(0, len);
}

async function prefixPass(files, feed = 'pieces') {
  const t0 = performance.now();
  let inflated = 0;
  const checks = [];
  for (const [k, f] of files.entries()) {
    // feed 'app' is the app's stack: the first run whole (its IRFs are drawn; the bytes as a
    // Response body), the others up to AEFF, given in 64 KiB pieces on demand.
    const plain = feed === 'app' && k === 0 ? await gunzip(f, 'response') : await gunzipPrefix(f, 'AEFF', feed === 'app' ? 'pieces' : feed);
    inflated += plain.length;
    checks.push(wasm.decode_events(plain));
  }
  return { ms: performance.now() - t0, inflated, checks };
}

/** One run's download: the DataLink document, then the .fits.gz it names; `ms` adds up
 * the time of each of the two. */
async function download(datalink, ms = { datalink: 0, file: 0 }) {
  const t0 = performance.now();
  const doc = await (await fetch(datalink)).text();
  const url = doc.match(/https?:[^<"\s]+\.fits\.gz/);
  if (!url) throw new Error(`${datalink} names no .fits.gz`);
  const t1 = performance.now();
  const n = (await (await fetch(url[0])).arrayBuffer()).byteLength;
  ms.datalink += t1 - t0;
  ms.file += performance.now() - t1;
  return n;
}

window.runNetwork = async (datalinks, staticFiles) => {
  const s0 = performance.now();
  for (const u of staticFiles) await (await fetch(u)).arrayBuffer();
  const staticMs = performance.now() - s0;
  const t0 = performance.now();
  let bytes = 0;
  const split = { datalink: 0, file: 0 };
  for (const d of datalinks) bytes += await download(d, split);
  const sequentialMs = performance.now() - t0;
  const t1 = performance.now();
  let next = 0;
  const worker = async () => { while (next < datalinks.length) await download(datalinks[next++]); };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { staticMs, sequentialMs, datalinkMs: split.datalink, fileMs: split.file, fourAtATimeMs: performance.now() - t1, bytes };
};

window.runBench = async (base, names, repeat, mode) => {
  await init();
  const files = [];
  for (const n of names) files.push(new Uint8Array(await (await fetch(`${base}/${n}`)).arrayBuffer()));
  if (mode === 'profile') {
    const p = new wasm.StackProfile();
    let gunzipMs = 0;
    for (const f of files) {
      const g0 = performance.now();
      const plain = await gunzip(f, 'response');
      gunzipMs += performance.now() - g0;
      p.add(plain);
    }
    const [parseMs, readMs, stackMs, chartsMs, runs, events] = p.finish();
    return { gunzipMs, parseMs, readMs, stackMs, chartsMs, runs, events, memBytes: wasm.memory_bytes() };
  }
  let floor = null;
  let voscope = null;
  let prefix = null;
  let voscopeStream = null;
  const floorAll = [];
  const voscopeAll = [];
  const voscopeStreamAll = [];
  const prefixAll = [];
  let app = null;
  const appAll = [];
  for (let r = 0; r < repeat; r += 1) {
    const f = await floorPass(files);
    const v = await voscopePass(files, 'response');
    const a = await prefixPass(files, 'app');
    appAll.push(a.ms);
    if (!app || a.ms < app.ms) app = a;
    const vs = await voscopePass(files, 'stream');
    const p = await prefixPass(files);
    voscopeStreamAll.push(vs.ms);
    if (!voscopeStream || vs.ms < voscopeStream.ms) voscopeStream = vs;
    floorAll.push(f.ms);
    voscopeAll.push(v.ms);
    prefixAll.push(p.ms);
    if (!prefix || p.ms < prefix.ms) prefix = p;
    if (!floor || f.ms < floor.ms) floor = f;
    if (!voscope || v.ms < voscope.ms) voscope = v;
  }
  return {
    floor, voscope, voscopeStream, prefix, app, floorAll, voscopeAll, voscopeStreamAll, prefixAll, appAll, memBytes: wasm.memory_bytes(),
    gzBytes: files.reduce((a, f) => a + f.length, 0),
  };
};
document.getElementById('status').textContent = 'ready';
