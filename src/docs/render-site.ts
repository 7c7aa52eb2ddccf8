import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DocsData } from './docs-data.js';

const require = createRequire(import.meta.url);

/**
 * The page's own script and style live as plain files in src/docs/site/ (shipped with the package); from both
 * src/docs/ (tests) and dist/docs/ (the CLI) they are two folders up.
 */
function siteAsset(name: string): string {
  return readFileSync(new URL(`../../src/docs/site/${name}`, import.meta.url), 'utf8');
}

/**
 * The graph libraries, read from node_modules and inlined, so the page works offline and from file://:
 * cytoscape (rendering, zoom, pan, selection and graph traversal for the highlight) and cytoscape-dagre
 * (which bundles dagre, the layered layout dbt-style lineage graphs use). Both are MIT, widely used and kept up.
 */
function libraries(): string[] {
  // Their `exports` hide dist/ files, so find each package's dist folder from its main entry.
  const dist = (name: string): string => dirname(require.resolve(name));
  return [join(dist('cytoscape'), 'cytoscape.min.js'), join(dist('cytoscape-dagre'), 'cytoscape-dagre.min.js')].map((path) => readFileSync(path, 'utf8'));
}

/** `</script>` (or `<!--`) inside inlined text would end the script element early; `<\/` is the same JavaScript. */
function scriptText(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One self-contained HTML file: data, libraries, script and style inline; no network access at all. */
export function renderSite(data: DocsData): string {
  // JSON in a script element: escaping every '<' keeps any text in the data from closing the element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const scripts = libraries().map((code) => `<script>${scriptText(code)}</script>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${html(data.project)} · trevco docs</title>
<style>${siteAsset('style.css')}</style>
</head>
<body>
<header>
  <h1>${html(data.project)}</h1>
  <span class="meta">target ${html(data.target)} · generated ${html(data.generatedAt.replace('T', ' ').slice(0, 19))} UTC</span>
  <input id="search" type="search" placeholder="Find a node by name (Enter selects)" list="node-names" autocomplete="off">
  <datalist id="node-names"></datalist>
</header>
<nav id="sidebar" aria-label="Nodes"></nav>
<main>
  <section id="graph-panel" aria-label="Lineage graph">
    <div id="graph-toolbar">
      <button id="fit" type="button">Fit all</button>
      <button id="focus" type="button">Fit lineage</button>
      <button id="zoom-in" type="button">+</button>
      <button id="zoom-out" type="button">−</button>
      <span>scroll to zoom, drag to pan, click a node</span>
      <span class="legend"><span><i style="background:#3b6ea8"></i>model</span><span><i style="background:#4b8b3b"></i>seed</span><span><i style="background:#8b6b3b"></i>source</span><span><i style="background:#f0a030"></i>upstream</span><span><i style="background:#30b0c0"></i>downstream</span></span>
    </div>
    <div id="graph"></div>
  </section>
  <section id="details" aria-live="polite"></section>
</main>
${scripts}
<script id="docs-data" type="application/json">${json}</script>
<script>${scriptText(siteAsset('app.js'))}</script>
</body>
</html>
`;
}
