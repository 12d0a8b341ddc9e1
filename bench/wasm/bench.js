// Runs one measurement per page load (a fresh wasm instance, so memory is this run's).
// The file is fetched first (not timed); then the timed work copies it into wasm memory
// and reads it: streamed in 1 MiB chunks (the app's path), whole, or a floor.
import init, * as wasm from '../out/wasm/votable_wasm_bench.js';

const CHUNK = 1 << 20;

window.runBench = async (url, mode) => {
  await init();
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const memBefore = wasm.memory_bytes();
  const t0 = performance.now();
  let rows = 0;
  if (mode === 'stream') {
    const s = new wasm.Stream();
    for (let at = 0; at < bytes.length; at += CHUNK) s.feed(bytes.subarray(at, at + CHUNK));
    rows = s.finish();
  } else if (mode === 'whole') {
    rows = wasm.parse_whole(bytes);
  } else if (mode === 'floor-memchr') {
    for (let at = 0; at < bytes.length; at += CHUNK) rows += wasm.floor_memchr(bytes.subarray(at, at + CHUNK));
  } else if (mode === 'floor-base64') {
    // The STREAM text, found with indexOf outside the timing would be unfair: include it.
    const text = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 16)));
    const open = text.indexOf('<STREAM');
    const start = text.indexOf('>', open) + 1;
    let end = bytes.lastIndexOf(0x3c); // '<' of </STREAM> is among the last '<'s
    while (end > start && !(bytes[end + 1] === 0x2f && bytes[end + 2] === 0x53)) end = bytes.lastIndexOf(0x3c, end - 1);
    rows = wasm.floor_base64(bytes.subarray(start, end));
  }
  const ms = performance.now() - t0;
  return { ms, rows, memBytes: wasm.memory_bytes(), memBefore, fileBytes: bytes.length };
};
document.getElementById('status').textContent = 'ready';
