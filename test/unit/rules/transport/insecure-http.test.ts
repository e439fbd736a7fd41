import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, httpNode, n8nWorkflow } from '../../../helpers/analyze.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'transport/insecure-http';
const call = (url: string) => n8nWorkflow([httpNode([], { url })]);

describe(`${RULE} (n8n)`, () => {
  it('reports a plain http:// URL on its scheme and host', () => {
    const text = call('http://api.example.com/v1/orders');
    const [f] = findingsOf(RULE, text);
    assertRangeCovers(text, f.range, 'http://api.example.com');
    assert.equal(f.message, '"Call API" talks to api.example.com over plain HTTP: data and credentials cross the network unencrypted. Use https://.');
  });

  it('reports inside an expression and with a port', () => {
    const text = call('=http://10.0.0.5:8080/items/{{ $json.id }}');
    const [f] = findingsOf(RULE, text);
    assertRangeCovers(text, f.range, 'http://10.0.0.5:8080');
  });

  it('stays quiet on https, loopback and templated hosts', () => {
    for (const url of ['https://api.example.com', 'http://localhost:5678/webhook', 'http://127.0.0.1/x', 'http://[::1]:80/', 'http://n8n.localhost/', '=http://{{ $env.HOST }}/x']) {
      assert.deepEqual(findingsOf(RULE, call(url)), [], url);
    }
  });

  it('judges the URL by its own scheme, not an http:// in its path or query (and fixes nothing inside)', () => {
    for (const url of ['https://r.jina.ai/http://books.toscrape.com/index.html', '=https://api.example.com/shorten?target=http://www.example.org/landing', '={{ $json.base }}/go?to=http://www.example.org']) {
      assert.deepEqual(findingsOf(RULE, call(url)), [], url);
    }
  });

  it('takes a call to 0.0.0.0 as one to this machine', () => {
    assert.deepEqual(findingsOf(RULE, call('http://0.0.0.0:8000/predict')), []);
  });

  it("reports an MCP client's endpoint over plain http://", () => {
    const mcp = { name: 'MCP Client', type: '@n8n/n8n-nodes-langchain.mcpClientTool', typeVersion: 1.2, parameters: { endpointUrl: 'http://mcp.example.com/mcp', serverTransport: 'httpStreamable', authentication: 'headerAuth' } };
    const text = n8nWorkflow([mcp]);
    const [f] = findingsOf(RULE, text);
    assertRangeCovers(text, f.range, 'http://mcp.example.com');
    assert.match(f.message, /^"MCP Client" talks to mcp.example.com over plain HTTP/);
  });

  it("reports a version 1 MCP client's SSE endpoint (sseEndpoint, before endpointUrl) over plain http://", () => {
    const mcp = { name: 'MCP Client', type: '@n8n/n8n-nodes-langchain.mcpClientTool', typeVersion: 1, parameters: { sseEndpoint: 'http://mcp.example.com/sse', authentication: 'bearerAuth' } };
    const text = n8nWorkflow([mcp]);
    const [f] = findingsOf(RULE, text);
    assertRangeCovers(text, f.range, 'http://mcp.example.com');
    assert.match(f.message, /^"MCP Client" talks to mcp.example.com over plain HTTP/);
  });

  it('names the host, never the password, when a URL password holds ? or #', () => {
    for (const url of ['http://svc:pa?ss9word@db.example.com/x', 'http://svc:pa#ss9word@db.example.com/x']) {
      const [f] = findingsOf(RULE, call(url));
      assert.match(f.message, /talks to db\.example\.com over plain HTTP/);
      assert.doesNotMatch(f.message, /ss9word|svc:pa/);
    }
  });

  it('quick fix switches to https://', () => {
    const text = call('http://api.example.com/v1');
    const [fix] = findingsOf(RULE, text)[0].fixes!;
    const [edit] = fix.edits;
    const fixed = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
    assert.ok(fixed.includes('"url": "https://api.example.com/v1"'));
    assert.deepEqual(findingsOf(RULE, fixed), []);
  });
});
