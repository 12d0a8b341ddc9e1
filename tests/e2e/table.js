// Reading the results table as a user does: it is virtually scrolled (only the rows in
// view exist in the page), so a column is read by scrolling through it.

/**
 * Every cell of `column` in display order, as { text, title }, scrolling the table from
 * top to bottom. Fails if the column is not shown or rows were missed.
 */
async function columnCells(page, column) {
  return page.evaluate(async (column) => {
    const scroller = document.querySelector('#results-scroll');
    const names = [...scroller.querySelectorAll('thead tr:first-child th .name')].map((e) => e.textContent);
    const idx = names.indexOf(column);
    if (idx < 0) throw new Error(`${column} not among ${names.join(', ')}`);
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const seen = new Map();
    scroller.scrollTop = 0;
    await frame();
    for (;;) {
      for (const tr of scroller.querySelectorAll('tbody tr[data-pos]')) {
        const td = tr.children[idx];
        seen.set(Number(tr.dataset.pos), { text: td.textContent, title: td.getAttribute('title') || '' });
      }
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
      scroller.scrollTop += Math.max(24, scroller.clientHeight - 48);
      await frame();
    }
    const positions = [...seen.keys()].sort((a, b) => a - b);
    positions.forEach((p, i) => { if (p !== i) throw new Error(`row ${i} was never shown`); });
    scroller.scrollTop = 0;
    await frame();
    return positions.map((p) => seen.get(p));
  }, column);
}

/** The texts of a column, in display order. */
async function columnValues(page, column) {
  return (await columnCells(page, column)).map((c) => c.text);
}

/**
 * The value the service sent for a cell: cells shown in another unit or form keep the
 * original in their tooltip ("MJD 53000.1", "1.2e-20 m"); RA/Dec add a sexagesimal form.
 */
function rawValue(cell) {
  if (cell.title.startsWith('MJD ')) return cell.title.slice(4);
  if (cell.title) return cell.title.split(' ')[0];
  return cell.text.split(' (')[0];
}

/** The cells of the first displayed row, as { column: { text, title } }. */
async function firstRow(page) {
  return page.evaluate(() => {
    const scroller = document.querySelector('#results-scroll');
    const names = [...scroller.querySelectorAll('thead tr:first-child th .name')].map((e) => e.textContent);
    const tr = scroller.querySelector('tbody tr[data-pos="0"]');
    const out = {};
    names.forEach((n, i) => {
      const td = tr.children[i];
      out[n] = { text: td.textContent, title: td.getAttribute('title') || '' };
    });
    return out;
  });
}

module.exports = { columnCells, columnValues, rawValue, firstRow };
