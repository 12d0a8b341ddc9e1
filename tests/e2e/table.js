// Reading the results table as a user does: it is virtually scrolled both ways (only the
// rows and the columns in view have cells in the page; each cell says its display position
// in data-col), so a column is read by scrolling to it and then through it. And acting on
// the plots beside it as a user does: a box dragged over one, a click on a bar.

/**
 * Every cell of `column` in display order, as { text, title }, scrolling the table from
 * top to bottom. Fails if the column is not shown or rows were missed.
 */
async function columnCells(page, column) {
  return page.evaluate(async (column) => {
    const scroller = document.querySelector('#results-scroll');
    const frame0 = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const shownNames = () => [...scroller.querySelectorAll('thead tr:first-child th .name')].map((e) => e.textContent);
    // A wide result opens on its first columns: the others are one click away.
    if (!shownNames().includes(column) && document.querySelector('#columns-all')) {
      document.querySelector('#columns-all').click();
      await frame0();
    }
    const names = shownNames();
    const idx = names.indexOf(column);
    if (idx < 0) throw new Error(`${column} not among ${names.join(', ')}`);
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const seen = new Map();
    const th = scroller.querySelectorAll('thead tr:first-child th')[idx];
    scroller.scrollLeft = Math.max(0, th.offsetLeft - 8);
    scroller.scrollTop = 0;
    await frame();
    for (;;) {
      for (const tr of scroller.querySelectorAll('tbody tr[data-pos]')) {
        const td = tr.querySelector(`td[data-col="${idx}"]`);
        if (!td) throw new Error(`row ${tr.dataset.pos} has no cell for ${column} in view`);
        seen.set(Number(tr.dataset.pos), { text: td.textContent, title: td.getAttribute('title') || '' });
      }
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
      scroller.scrollTop += Math.max(24, scroller.clientHeight - 48);
      await frame();
    }
    const positions = [...seen.keys()].sort((a, b) => a - b);
    positions.forEach((p, i) => { if (p !== i) throw new Error(`row ${i} was never shown`); });
    scroller.scrollTop = 0;
    scroller.scrollLeft = 0;
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

/** The cells of the first displayed row, as { column: { text, title } }, column by column
 * (every column: those the result did not open on are shown first). */
async function firstRow(page) {
  return page.evaluate(async () => {
    const scroller = document.querySelector('#results-scroll');
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    if (document.querySelector('#columns-all')) {
      document.querySelector('#columns-all').click();
      await frame();
    }
    const heads = [...scroller.querySelectorAll('thead tr:first-child th')];
    scroller.scrollTop = 0;
    const out = {};
    for (const [i, th] of heads.entries()) {
      scroller.scrollLeft = Math.max(0, th.offsetLeft - 8);
      await frame();
      const td = scroller.querySelector(`tbody tr[data-pos="0"] td[data-col="${i}"]`);
      if (!td) throw new Error(`no cell in view for column ${i}`);
      out[th.querySelector('.name').textContent] = { text: td.textContent, title: td.getAttribute('title') || '' };
    }
    scroller.scrollLeft = 0;
    await frame();
    return out;
  });
}

/** Scrolls the table sideways so that `column` is in view (its cells exist). */
async function showColumn(page, column) {
  await page.evaluate(async (column) => {
    const scroller = document.querySelector('#results-scroll');
    const find = () => [...scroller.querySelectorAll('thead tr:first-child th')].find((h) => h.querySelector('.name').textContent === column);
    if (!find() && document.querySelector('#columns-all')) {
      document.querySelector('#columns-all').click();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
    const th = find();
    if (!th) throw new Error(`${column} is not shown`);
    scroller.scrollLeft = Math.max(0, th.offsetLeft - 8);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, column);
}

/** Drags a box over the whole of the canvas `selector` (a plot's selection box). */
async function dragAcross(page, selector) {
  const box = await page.locator(selector).boundingBox();
  await page.mouse.move(box.x + 2, box.y + 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width - 2, box.y + box.height - 2, { steps: 4 });
  await page.mouse.up();
}

/**
 * Clicks the first bar of the energy plot (#plot-canvas) found below its middle, scanning
 * for the bars' blue (31, 95, 191) blended over white. False when no bar is drawn.
 */
async function clickEnergyBar(page) {
  const hit = await page.locator('#plot-canvas').evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let y = Math.floor(c.height / 2); y < c.height; y += 1) {
      for (let x = 80; x < c.width; x += 1) {
        const i = (y * c.width + x) * 4;
        if (d[i + 2] > 180 && d[i] < 160 && d[i + 2] - d[i] > 50) return { x, y, w: c.width, h: c.height };
      }
    }
    return null;
  });
  if (!hit) return false;
  const box = await page.locator('#plot-canvas').boundingBox();
  await page.mouse.click(box.x + (hit.x + 1) * box.width / hit.w, box.y + (hit.y + 0.5) * box.height / hit.h);
  return true;
}

module.exports = { columnCells, columnValues, rawValue, firstRow, showColumn, dragAcross, clickEnergyBar };
