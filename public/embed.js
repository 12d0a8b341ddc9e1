// voscope inside another page (a portal). Load this module from where voscope is hosted:
//
//   <script type="module" src="https://example.org/voscope/embed.js"></script>
//   <vo-scope service="https://example.org/tap" target="Crab" radius="0.5"></vo-scope>
//
// or from a script of the portal:
//
//   import { mount } from 'https://example.org/voscope/embed.js';
//   const app = await mount(document.querySelector('#here'), { service: '…', target: 'M31' });
//
// Attributes / options: service, target, radius, adql, view (table|sky|histogram|scatter|
// aggregates), run ("1": run the query once the service is known), config (URL of a
// configuration layer, or in mount() an object of configuration keys), title.
// Each instance lives in its own shadow root: the portal's styles and ids and voscope's
// do not meet. The configuration (config.json, config.local.json) is read from where
// this file is hosted, not from the portal.
const base = new URL('.', import.meta.url).href;
const OPTIONS = ['service', 'target', 'radius', 'adql', 'view', 'run', 'config', 'title'];
let loading;

function load() {
  loading ??= import('./voscope.js').then(async (m) => {
    await m.default({ module_or_path: new URL('voscope_bg.wasm', import.meta.url) });
    return m;
  });
  return loading;
}

export async function mount(element, options = {}) {
  const wasm = await load();
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  for (const css of ['main.css', 'uws.css']) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL(css, base).href;
    shadow.append(link);
  }
  const root = document.createElement('div');
  root.className = 'voscope-root';
  shadow.append(root);
  wasm.mount_embedded(root, base, JSON.stringify(options));
  return root;
}

class VoScope extends HTMLElement {
  connectedCallback() {
    if (this.voscopeMounted) return;
    this.voscopeMounted = true;
    const options = {};
    for (const name of OPTIONS) {
      if (this.hasAttribute(name)) options[name] = this.getAttribute(name);
    }
    mount(this, options).catch((e) => {
      // Shown where it can be seen: inside the shadow root if one was made.
      (this.shadowRoot ?? this).textContent = `voscope could not start: ${e}`;
    });
  }
}

if (!customElements.get('vo-scope')) customElements.define('vo-scope', VoScope);
