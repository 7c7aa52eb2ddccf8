import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { build } from '../api/build.js';
import type { SeedCommandOptions } from '../api/run-seed.js';
import { generateDataset, writeDataset } from '../generator/index.js';
import { generateDocs, type DocsGenerateResult } from '../api/docs.js';
import { prepareProject } from '../api/prepare-project.js';
import type { CompiledProject } from '../compiler/compiled-project.js';
import { useWarehouseOnDatabase } from '../testing/warehouse-on-database.js';
import type { Catalog } from './catalog.js';

/** Debian's chromium (`.ci/run` installs it); playwright-core never downloads a browser of its own. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** For a person to look at after the suite: the repository's target/ folder. */
const SCREENSHOT = fileURLToPath(new URL('../../target/docs-daily_sales_summary.png', import.meta.url));

const missing = !existsSync(CHROMIUM);
// Outside CI a machine without chromium skips, saying why; in CI the test runs and fails loudly instead.
const skip = missing && !process.env.CI;

declare global {
  interface Window {
    trevcoDocs: {
      cy: { nodes(selector?: string): { map<T>(fn: (node: { id(): string; renderedPosition(): { x: number; y: number } }) => T): T[] }; getElementById(id: string): { renderedPosition(): { x: number; y: number } } };
      selected(): string | null;
    };
  }
  // The page's global, for the functions page.evaluate runs in the browser (tsconfig has no DOM lib).
  // eslint-disable-next-line no-var
  var window: Window;
}

describe.skipIf(skip)(`the docs site for the warehouse in headless Chromium${skip ? ` (SKIPPED: ${CHROMIUM} is missing; apt-get install -y chromium)` : ''}`, () => {
  const warehouse = useWarehouseOnDatabase('pglite');
  let generated: DocsGenerateResult;
  let compiled: CompiledProject;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (missing) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (.ci/run does)`);
    const csvDir = join(warehouse().root, 'exports');
    await writeDataset(generateDataset({ orders: 300, seed: 5 }), csvDir);
    const outcome = await build(warehouse().options<SeedCommandOptions>({ csvDir, runDate: '2025-10-31' }));
    expect(outcome.results.filter((result) => !['success', 'pass', 'warn'].includes(result.status))).toEqual([]);
    generated = await generateDocs(warehouse().options());
    compiled = prepareProject({ projectDir: warehouse().root, target: 'test' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    // Offline: the page must not ask the network for anything.
    await page.route(/^https?:/, (route) => {
      pageErrors.push(`network request: ${route.request().url()}`);
      return route.abort();
    });
    await page.goto(pathToFileURL(generated.sitePath).href);
    await page.waitForFunction(() => window.trevcoDocs !== undefined);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('lists every model, seed and source, and draws each in the lineage graph', async () => {
    const expected = [...compiled.nodes.values()].map((node) => ({ id: node.id, type: node.resourceType }));
    const models = expected.filter((node) => node.type === 'model').map((node) => node.id).sort();
    expect(models.length).toBeGreaterThan(15);
    const listed = await page.$$eval('#sidebar .node-link[data-type="model"]', (links) => links.map((link) => link.getAttribute('data-id')!).sort());
    expect(listed).toEqual(models);
    const drawn = await page.evaluate(() => window.trevcoDocs.cy.nodes().map((node) => node.id()).sort());
    expect(drawn).toEqual(expected.map((node) => node.id).sort());
    expect(await page.$$eval('#sidebar .node-link[data-type="test"]', (links) => links.length)).toBe(compiled.tests.size);
  });

  it('clicking daily_sales_summary shows its columns and highlights everything upstream of it', async () => {
    const id = [...compiled.nodes.values()].find((node) => node.name === 'daily_sales_summary')!.id;
    await page.click('#sidebar .node-link[data-name="daily_sales_summary"]');
    await page.waitForSelector('#columns');
    expect(await page.textContent('#node-title')).toContain('daily_sales_summary');
    const catalog = JSON.parse(readFileSync(generated.catalogPath, 'utf8')) as Catalog;
    const columns = Object.values(catalog.nodes[id]!.columns).sort((a, b) => a.index - b.index);
    expect(columns.length).toBeGreaterThan(3);
    const shown = await page.$$eval('#columns tbody tr', (rows) => rows.map((row) => [...row.querySelectorAll('td')].slice(0, 2).map((cell) => cell.textContent)));
    expect(shown).toEqual(columns.map((column) => [column.name, column.type]));

    // Upstream = every ancestor in the compiled graph (tests are not drawn); downstream of it: nothing upstream.
    const ancestors = [...compiled.graph.ancestors(id)].filter((ancestor) => compiled.nodes.has(ancestor)).sort();
    expect(ancestors).toContain([...compiled.nodes.values()].find((node) => node.name === 'fact_orders')!.id);
    expect(await page.evaluate(() => window.trevcoDocs.cy.nodes('.upstream').map((node) => node.id()).sort())).toEqual(ancestors);
    expect(await page.evaluate(() => window.trevcoDocs.cy.nodes('.selected').map((node) => node.id()))).toEqual([id]);
    const unrelated = await page.evaluate(() => window.trevcoDocs.cy.nodes('.faded').map((node) => node.id()));
    expect(unrelated.length).toBeGreaterThan(0);
    expect(unrelated).not.toContain(id);

    mkdirSync(fileURLToPath(new URL('.', pathToFileURL(SCREENSHOT))), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  it('selects a node by clicking it in the graph, and by typing its name', async () => {
    const factOrders = [...compiled.nodes.values()].find((node) => node.name === 'fact_orders')!.id;
    await page.click('#fit');
    await page.waitForTimeout(300);
    const box = (await page.locator('#graph').boundingBox())!;
    const position = await page.evaluate((target) => window.trevcoDocs.cy.getElementById(target).renderedPosition(), factOrders);
    await page.mouse.click(box.x + position.x, box.y + position.y);
    await page.waitForFunction((target) => window.trevcoDocs.selected() === target, factOrders);
    expect(await page.textContent('#node-title')).toContain('fact_orders');
    // Now daily_sales_summary is downstream of the selection.
    const descendants = [...compiled.graph.descendants(factOrders)].filter((descendant) => compiled.nodes.has(descendant)).sort();
    expect(descendants.some((descendant) => descendant.endsWith('.daily_sales_summary'))).toBe(true);
    expect(await page.evaluate(() => window.trevcoDocs.cy.nodes('.downstream').map((node) => node.id()).sort())).toEqual(descendants);

    await page.fill('#search', 'dim_date');
    await page.press('#search', 'Enter');
    await page.waitForFunction(() => window.trevcoDocs.selected()?.endsWith('.dim_date') === true);
    expect(await page.$$eval('#sidebar .node-link[data-type="model"]', (links) => links.filter((link) => !link.parentElement!.hidden).map((link) => link.getAttribute('data-name')))).toEqual(['dim_date']);
    expect(pageErrors).toEqual([]);
  });
});
