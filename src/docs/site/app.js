/* trevco docs: the page's behaviour. Plain browser JavaScript (no build step), run after cytoscape and
 * cytoscape-dagre, which trevco inlines into the page; the project's data is the JSON in #docs-data. */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('docs-data').textContent);
  var byId = {};
  data.nodes.forEach(function (node) { byId[node.id] = node; });
  var GRAPH_TYPES = { model: true, seed: true, source: true, snapshot: true };
  var TYPE_ORDER = ['model', 'seed', 'source', 'snapshot', 'test'];
  var TYPE_TITLES = { model: 'Models', seed: 'Seeds', source: 'Sources', snapshot: 'Snapshots', test: 'Tests' };
  var referencedBy = {};
  data.nodes.forEach(function (node) {
    node.dependsOn.forEach(function (parent) { (referencedBy[parent] = referencedBy[parent] || []).push(node.id); });
  });

  /** Creates an element; children are nodes or text (always text: nothing from the project is parsed as HTML). */
  function el(tag, attributes) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === 'className') element.className = attributes[key];
      else if (key === 'text') element.textContent = attributes[key];
      else if (key.slice(0, 2) === 'on') element.addEventListener(key.slice(2), attributes[key]);
      else element.setAttribute(key, attributes[key]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      element.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
    return element;
  }

  function statusBadge(result) {
    if (!result) return el('span', { className: 'status status-none', title: 'not in the last run', text: 'no result' });
    return el('span', { className: 'status status-' + result.status, title: result.message || '', text: result.status });
  }

  function nodeLink(id) {
    var node = byId[id];
    if (!node) return el('span', { className: 'missing', text: id });
    return el('a', { href: '#!/' + encodeURIComponent(id), className: 'inline-link type-' + node.resourceType, text: node.name });
  }

  // ---- Sidebar: every node by kind, filtered by the search box ----
  var sidebar = document.getElementById('sidebar');
  var search = document.getElementById('search');
  var names = document.getElementById('node-names');
  TYPE_ORDER.forEach(function (type) {
    var nodes = data.nodes.filter(function (node) { return node.resourceType === type; });
    if (nodes.length === 0) return;
    nodes.sort(function (a, b) { return a.name.localeCompare(b.name); });
    var list = el('ul', { className: 'node-list' });
    nodes.forEach(function (node) {
      list.appendChild(el('li', {},
        el('a', { href: '#!/' + encodeURIComponent(node.id), className: 'node-link type-' + type, 'data-id': node.id, 'data-name': node.name, 'data-type': type },
          el('span', { className: 'dot status-' + (node.lastResult ? node.lastResult.status : 'none') }), node.name)));
      names.appendChild(el('option', { value: node.name }));
    });
    var section = el('details', { className: 'node-group', 'data-type': type }, el('summary', {}, TYPE_TITLES[type] || type, el('span', { className: 'count', text: String(nodes.length) })), list);
    if (type !== 'test') section.open = true;
    sidebar.appendChild(section);
  });

  function filterSidebar(text) {
    var needle = text.trim().toLowerCase();
    sidebar.querySelectorAll('.node-link').forEach(function (link) {
      link.parentElement.hidden = needle !== '' && link.getAttribute('data-name').toLowerCase().indexOf(needle) === -1;
    });
    if (needle) sidebar.querySelectorAll('details').forEach(function (group) { group.open = true; });
  }
  search.addEventListener('input', function () { filterSidebar(search.value); });
  search.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter') return;
    var wanted = search.value.trim().toLowerCase();
    var exact = data.nodes.filter(function (node) { return node.name.toLowerCase() === wanted; });
    var partial = data.nodes.filter(function (node) { return node.name.toLowerCase().indexOf(wanted) !== -1; });
    var match = exact[0] || partial[0];
    if (match) location.hash = '#!/' + encodeURIComponent(match.id);
  });

  // ---- Lineage graph: cytoscape with a dagre left-to-right layout ----
  var elements = [];
  data.nodes.forEach(function (node) {
    if (!GRAPH_TYPES[node.resourceType]) return;
    elements.push({ group: 'nodes', data: { id: node.id, label: node.name, type: node.resourceType } });
  });
  data.nodes.forEach(function (node) {
    if (!GRAPH_TYPES[node.resourceType]) return;
    node.dependsOn.forEach(function (parent) {
      if (byId[parent] && GRAPH_TYPES[byId[parent].resourceType]) elements.push({ group: 'edges', data: { id: parent + '->' + node.id, source: parent, target: node.id } });
    });
  });
  var cy = cytoscape({
    container: document.getElementById('graph'),
    elements: elements,
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 2.5,
    style: [
      { selector: 'node', style: { 'shape': 'round-rectangle', 'label': 'data(label)', 'text-valign': 'center', 'text-halign': 'center', 'font-size': 11, 'color': '#fff', 'width': 'label', 'height': 24, 'padding': '8px', 'background-color': '#3b6ea8', 'transition-property': 'opacity', 'transition-duration': '120ms' } },
      { selector: 'node[type = "seed"]', style: { 'background-color': '#4b8b3b' } },
      { selector: 'node[type = "source"]', style: { 'background-color': '#8b6b3b' } },
      { selector: 'node[type = "snapshot"]', style: { 'background-color': '#7a4ba0' } },
      { selector: 'edge', style: { 'width': 1.5, 'line-color': '#9aa7b4', 'target-arrow-color': '#9aa7b4', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.8 } },
      { selector: '.faded', style: { 'opacity': 0.15 } },
      { selector: 'node.upstream', style: { 'border-width': 3, 'border-color': '#f0a030' } },
      { selector: 'node.downstream', style: { 'border-width': 3, 'border-color': '#30b0c0' } },
      { selector: 'edge.upstream', style: { 'line-color': '#f0a030', 'target-arrow-color': '#f0a030', 'width': 2.5 } },
      { selector: 'edge.downstream', style: { 'line-color': '#30b0c0', 'target-arrow-color': '#30b0c0', 'width': 2.5 } },
      { selector: 'node.selected', style: { 'background-color': '#d9480f', 'border-width': 3, 'border-color': '#7a2000' } },
    ],
    layout: { name: 'dagre', rankDir: 'LR', nodeSep: 12, rankSep: 60, animate: false },
  });
  cy.on('tap', 'node', function (event) { location.hash = '#!/' + encodeURIComponent(event.target.id()); });
  cy.on('tap', function (event) { if (event.target === cy) location.hash = ''; });
  document.getElementById('fit').addEventListener('click', function () { cy.fit(undefined, 20); });
  document.getElementById('focus').addEventListener('click', function () { focusSelection(); });
  document.getElementById('zoom-in').addEventListener('click', function () { cy.zoom({ level: cy.zoom() * 1.3, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }); });
  document.getElementById('zoom-out').addEventListener('click', function () { cy.zoom({ level: cy.zoom() / 1.3, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }); });

  var selectedId = null;

  /** Highlights a node with everything upstream (orange) and downstream (teal) of it; fades the rest. */
  function highlight(id) {
    cy.elements().removeClass('selected upstream downstream faded');
    if (!id) return;
    var target = byId[id] && byId[id].resourceType === 'test' ? byId[id].dependsOn : [id];
    var focus = cy.collection();
    target.forEach(function (nodeId) { focus = focus.union(cy.getElementById(nodeId)); });
    if (focus.empty()) return;
    var upstream = focus.predecessors();
    var downstream = focus.successors();
    cy.elements().addClass('faded');
    focus.removeClass('faded').addClass('selected');
    upstream.removeClass('faded').addClass('upstream');
    downstream.removeClass('faded').addClass('downstream');
  }

  function focusSelection() {
    var lineage = cy.elements('.selected, .upstream, .downstream');
    cy.animate({ fit: { eles: lineage.empty() ? cy.elements() : lineage, padding: 30 } }, { duration: 200 });
  }

  // ---- Details of the selected node ----
  var details = document.getElementById('details');

  function table(headers, rows) {
    var head = el('tr', {});
    headers.forEach(function (header) { head.appendChild(el('th', { text: header })); });
    var body = el('tbody', {});
    rows.forEach(function (cells) {
      var row = el('tr', {});
      cells.forEach(function (cell) { row.appendChild(el('td', {}, cell)); });
      body.appendChild(row);
    });
    return el('table', {}, el('thead', {}, head), body);
  }

  function cellText(value) {
    if (value === null || value === undefined) return el('span', { className: 'null', text: 'null' });
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }

  function renderDetails(node) {
    details.textContent = '';
    if (!node) {
      details.appendChild(el('p', { className: 'empty', text: 'Select a model, seed, source or test in the list, in the graph, or by name above.' }));
      return;
    }
    var facts = el('dl', { className: 'facts' });
    function fact(label, value) { if (value !== undefined && value !== null && value !== '') facts.appendChild(el('div', {}, el('dt', { text: label }), el('dd', {}, value))); }
    fact('Type', node.resourceType + (node.materialized ? ' (' + node.materialized + ')' : ''));
    fact('Relation', node.relation);
    fact('File', node.path);
    fact('In the database', node.database ? node.database.kind.replace('_', ' ') + (node.database.rowCount === null ? '' : ', ' + node.database.rowCount.toLocaleString('en-US') + ' rows') : (node.relation ? 'not built yet' : undefined));
    fact('Last run', node.lastResult ? el('span', {}, statusBadge(node.lastResult), ' ', node.lastResult.message || '', node.lastResult.completedAt ? ' (' + node.lastResult.completedAt.replace('T', ' ').slice(0, 19) + ' UTC)' : '') : 'not in the last run');
    fact('Tags', node.tags.length ? node.tags.join(', ') : undefined);
    if (node.attachedTo) fact('Tests', nodeLink(node.attachedTo));

    details.appendChild(el('h2', { id: 'node-title' }, node.name, el('span', { className: 'badge type-' + node.resourceType, text: node.resourceType })));
    details.appendChild(el('p', { className: 'description', text: node.description || 'No description.' }));
    details.appendChild(facts);

    if (node.columns.length) {
      details.appendChild(el('h3', { text: 'Columns' }));
      var columns = table(['Column', 'Type', 'Description', 'Tests'], node.columns.map(function (column) {
        return [el('code', { text: column.name }), column.type || '', column.description || '', column.tests.join(', ')];
      }));
      columns.id = 'columns';
      details.appendChild(columns);
    }
    if (node.tests.length) {
      details.appendChild(el('h3', { text: 'Tests' }));
      details.appendChild(table(['Test', 'Last status'], node.tests.map(function (id) { return [nodeLink(id), statusBadge(byId[id] && byId[id].lastResult)]; })));
    }
    var parents = node.dependsOn.filter(function (id) { return byId[id]; });
    var children = (referencedBy[node.id] || []).filter(function (id) { return byId[id] && byId[id].resourceType !== 'test'; });
    if (parents.length || children.length) {
      details.appendChild(el('h3', { text: 'Lineage' }));
      var lineage = el('div', { className: 'lineage' });
      lineage.appendChild(el('div', {}, el('strong', { text: 'Depends on: ' }), parents.length ? joinLinks(parents) : 'nothing'));
      lineage.appendChild(el('div', {}, el('strong', { text: 'Referenced by: ' }), children.length ? joinLinks(children) : 'nothing'));
      details.appendChild(lineage);
    }
    if (node.sample && node.sample.columns.length) {
      details.appendChild(el('h3', { text: 'Sample rows' }));
      details.appendChild(el('div', { className: 'scroll' }, table(node.sample.columns, node.sample.rows.map(function (row) {
        return node.sample.columns.map(function (column) { return cellText(row[column]); });
      }))));
    }
    if (node.compiledSql) details.appendChild(el('details', { className: 'code', open: '' }, el('summary', { text: 'Compiled SQL' }), el('pre', {}, el('code', { text: node.compiledSql }))));
    if (node.rawSql) details.appendChild(el('details', { className: 'code' }, el('summary', { text: 'Source (raw SQL)' }), el('pre', {}, el('code', { text: node.rawSql }))));
    details.appendChild(el('details', { className: 'code' }, el('summary', { text: 'Config' }), el('pre', {}, el('code', { text: JSON.stringify(node.config, null, 2) }))));
  }

  function joinLinks(ids) {
    var span = el('span', {});
    ids.forEach(function (id, index) { if (index > 0) span.appendChild(document.createTextNode(', ')); span.appendChild(nodeLink(id)); });
    return span;
  }

  function select(id) {
    selectedId = byId[id] ? id : null;
    sidebar.querySelectorAll('.node-link.active').forEach(function (link) { link.classList.remove('active'); });
    if (selectedId) {
      var link = sidebar.querySelector('.node-link[data-id="' + CSS.escape(selectedId) + '"]');
      if (link) {
        link.classList.add('active');
        link.closest('details').open = true;
        link.scrollIntoView({ block: 'nearest' });
      }
    }
    highlight(selectedId);
    renderDetails(selectedId ? byId[selectedId] : null);
    if (selectedId) focusSelection();
  }

  function fromHash() {
    var match = /^#!\/(.+)$/.exec(location.hash);
    select(match ? decodeURIComponent(match[1]) : null);
  }
  window.addEventListener('hashchange', fromHash);
  cy.ready(function () {
    cy.fit(undefined, 20);
    fromHash();
  });

  /** For scripts and tests: the graph, the data and the selection. */
  window.trevcoDocs = { cy: cy, data: data, select: function (id) { location.hash = '#!/' + encodeURIComponent(id); }, selected: function () { return selectedId; } };
})();
