// The HTML report in a real browser (Debian's Chromium, driven by playwright-core): it renders with no console
// error and makes no network request at all. Run by `npm run test:e2e`, which installs Chromium.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { analyze, toHtml, type ReviewedFile } from '../../server/src/core/index.js';
import { httpNode, n8nWorkflow, TODAY } from '../helpers/analyze.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

describe('HTML report in Chromium', () => {
  it('renders offline: no console error, no request, every section visible', async () => {
    const text = n8nWorkflow([
      { name: 'Orders in', type: 'n8n-nodes-base.webhook', parameters: { path: 'orders', httpMethod: 'POST' } },
      httpNode([{ name: 'Authorization', value: 'Bearer ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k' }], { url: 'http://api.example.com/<script>alert(1)</script>' }),
    ]);
    const r = analyze({ uri: 'flow.json', path: 'flows/orders.n8n.json', text }, { today: TODAY });
    const file: ReviewedFile = { path: 'flows/orders.n8n.json', format: r.format, text, findings: r.findings, flow: r.flow, document: r.document };
    const html = toHtml({ files: [file], date: TODAY, scope: 'browser test' });
    const dir = mkdtempSync(path.join(tmpdir(), 'sr-report-'));
    const page = path.join(dir, 'report.html');
    writeFileSync(page, html);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      const errors: string[] = [];
      tab.on('request', (q) => { if (q.url() !== pathToFileURL(page).toString()) requests.push(q.url()); });
      tab.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(pathToFileURL(page).toString());
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
      const headings = await tab.locator('h2').allTextContents();
      assert.deepEqual(headings, ['Executive summary', 'Review checklist', 'Inventory', 'Scorecard', 'Threat model', 'Findings', 'Suppressions']);
      assert.equal(await tab.locator('svg').count() >= 3, true);
      assert.equal(await tab.locator('script').count(), 0, 'a message must not inject markup');
      await tab.emulateMedia({ media: 'print' });
      assert.equal(await tab.locator('header').evaluate((h) => getComputedStyle(h).backgroundColor), 'rgba(0, 0, 0, 0)', 'the print stylesheet applies');
    } finally {
      await browser.close();
    }
  });
});
