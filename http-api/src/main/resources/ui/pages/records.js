// A paged table of discrepancy or repair records: one API call per page (limit PAGE_SIZE, after =
// the previous page's next), Next and Previous. Marks 'tally:<name>:rendered' in the page's
// performance timeline when a page's table is in the DOM, so load time can be measured.

import { getJson } from '../api.js';
import { h, table, errorText } from '../dom.js';

export const PAGE_SIZE = 50;

/**
 * main: the page element; name: the page ('discrepancies'); path: the API list; columns: table
 * columns; decorate(tableElement, items): optional, after each render.
 */
export function pagedRecords(main, { name, title, path, columns, decorate }) {
  const afters = [undefined]; // the after of each page visited; the last is the one shown
  const status = h('p', { class: 'muted', id: `${name}-status` }, 'loading…');
  const holder = h('div', { id: `${name}-table` });
  const previous = h('button', { id: `${name}-previous`, type: 'button', disabled: true }, 'Previous');
  const next = h('button', { id: `${name}-next`, type: 'button', disabled: true }, 'Next');
  const pageLabel = h('span', { id: `${name}-page` }, 'page 1');
  let nextToken = null;
  let stopped = false;

  async function load() {
    main.dataset.state = 'loading';
    previous.disabled = true;
    next.disabled = true;
    status.textContent = 'loading…';
    try {
      const page = await getJson(path, { limit: PAGE_SIZE, after: afters[afters.length - 1] });
      if (stopped) return;
      nextToken = page.next || null;
      const t = table(columns, page.items, { id: `${name}-rows`, 'data-count': page.items.length });
      holder.replaceChildren(t);
      if (decorate) decorate(t, page.items);
      pageLabel.textContent = `page ${afters.length}`;
      status.textContent = page.items.length
        ? `${page.items.length} records on this page (${PAGE_SIZE} at most per page), newest first`
        : 'no records';
      previous.disabled = afters.length <= 1;
      next.disabled = !nextToken;
      performance.mark(`tally:${name}:rendered`);
      main.dataset.state = 'ready';
    } catch (e) {
      status.textContent = errorText(e);
      status.className = 'error';
      main.dataset.state = 'error';
    }
  }

  next.addEventListener('click', () => { if (nextToken) { afters.push(nextToken); load(); } });
  previous.addEventListener('click', () => { if (afters.length > 1) { afters.pop(); load(); } });
  main.append(h('section', {}, h('h2', {}, title), h('div', { class: 'pager' }, previous, pageLabel, next), status, holder));
  load();
  return () => { stopped = true; };
}
