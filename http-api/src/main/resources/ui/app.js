// The dashboard shell: the token form and hash routes (#/overview, #/discrepancies, #/repairs,
// #/entity/<key>?asOf=..., #/runs). Each page module exports render(main, params) and may return a
// function that stops its timers when the page is left.

import { token } from './api.js';
import { h } from './dom.js';
import * as overview from './pages/overview.js';
import * as discrepancies from './pages/discrepancies.js';
import * as repairs from './pages/repairs.js';
import * as entity from './pages/entity.js';
import * as runs from './pages/runs.js';

const PAGES = { overview, discrepancies, repairs, entity, runs };
const DEFAULT_ROUTE = 'overview';

let leave = null;

/** '#/entity/acc-1?asOf=...' -> {name: 'entity', rest: 'acc-1', params: {asOf}} */
function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = hash.split('?');
  const [name, ...rest] = path.split('/');
  return { name: PAGES[name] ? name : DEFAULT_ROUTE, rest: rest.map(decodeURIComponent).join('/'),
    params: Object.fromEntries(new URLSearchParams(query)) };
}

function show() {
  if (leave) leave();
  leave = null;
  const { name, rest, params } = route();
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.route === name);
  const main = document.getElementById('page');
  main.replaceChildren();
  main.dataset.page = name;
  main.dataset.state = 'loading';
  if (!token.get()) {
    main.append(h('section', {}, h('h2', {}, 'No token'),
      h('p', { id: 'no-token' }, 'Enter an API token (scope read; admin to approve repairs and start runs) above.')));
    main.dataset.state = 'no-token';
    return;
  }
  leave = PAGES[name].render(main, { rest, ...params }) || null;
}

function showTokenState() {
  document.getElementById('token-state').textContent = token.get() ? 'token set for this tab' : 'no token';
}

document.getElementById('token-form').addEventListener('submit', event => {
  event.preventDefault();
  const input = document.getElementById('token-input');
  if (input.value.trim()) token.set(input.value.trim());
  input.value = '';
  showTokenState();
  show();
});
document.getElementById('token-forget').addEventListener('click', () => {
  token.forget();
  showTokenState();
  show();
});
window.addEventListener('hashchange', show);
showTokenState();
show();
