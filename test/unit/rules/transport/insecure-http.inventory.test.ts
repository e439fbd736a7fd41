import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, inventoryFindings, oneSurface, problemsOf } from '../../../helpers/inventory.js';
import { runRuleTable } from '../../../helpers/ruleTable.js';

const base = ['id: api', 'name: API', 'kind: api', 'direction: outbound'];

describe('transport/insecure-http (inventory)', () => {
  runRuleTable('transport/insecure-http', [
    { name: 'an https endpoint', text: oneSurface(...base, 'endpoint: https://billing.example.com/api'), expected: [] },
    { name: 'a loopback endpoint', text: oneSurface(...base, 'endpoint: http://localhost:8080/hook'), expected: [] },
    { name: 'a plain http endpoint, on scheme and host', text: oneSurface(...base, 'endpoint: http://billing.example.com/api'), expected: [{ covers: 'http://billing.example.com', message: /"api" talks to billing.example.com over plain HTTP/ }] },
    { name: 'a retired surface', text: oneSurface(...base, 'endpoint: http://old.example.com', 'lifecycle: { status: retired }'), expected: [] },
    { name: 'an outbound call to 0.0.0.0 (this machine)', text: oneSurface(...base, 'endpoint: http://0.0.0.0:8000/predict'), expected: [] },
    { name: 'an inbound endpoint listening on 0.0.0.0 (every interface)', text: oneSurface('id: hook', 'name: Hook', 'kind: webhook', 'direction: inbound', 'endpoint: http://0.0.0.0:8000/hook'), expected: [{ covers: 'http://0.0.0.0:8000', message: /^"hook" is served at 0\.0\.0\.0 over plain HTTP: what its callers send, credentials included, crosses the network unencrypted\. Serve it over https:\/\//, severity: 'warning' }] },
    { name: 'an inbound endpoint on a private address', text: oneSurface('id: hook', 'name: Hook', 'kind: webhook', 'direction: inbound', 'endpoint: http://10.0.0.5:8080/hook'), expected: [{ covers: 'http://10.0.0.5:8080', message: /^"hook" is served at 10\.0\.0\.5, a host on your own network \(a private address\), over plain HTTP: anyone on that network can read and change what its callers send/, severity: 'info' }] },
    { name: 'an inbound endpoint on the internet', text: oneSurface('id: hook', 'name: Hook', 'kind: webhook', 'direction: inbound', 'endpoint: http://hooks.example.com/in'), expected: [{ covers: 'http://hooks.example.com', message: /^"hook" is served at hooks\.example\.com over plain HTTP/, severity: 'warning' }] },
  ]);

  it('fixes the scheme', () => {
    const text = oneSurface(...base, 'endpoint: http://billing.example.com/api');
    const fixed = applyFix(text, inventoryFindings('transport/insecure-http', text)[0].fixes![0]);
    assert.match(fixed, /endpoint: https:\/\/billing.example.com\/api/);
    assert.deepEqual(problemsOf(fixed), []);
  });
});
