// Second reading of fcbe314 (knowledge/internalHosts.ts): a host is the address the HTTP client connects to, read as the
// URL parser reads it. IPv4 in other notations (`http://2852039166/` is 169.254.169.254, `10.1` is 10.0.0.1), IPv4-mapped
// IPv6, the shared range Tailscale uses, case, a trailing dot, a template's placeholder, a host an expression completes,
// the cloud's metadata service; each platform's message and fix; the privacy rule and the threat model that read the list.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, httpNode, n8nWorkflow } from '../../../helpers/analyze.js';
import { flowFindings, n8nFlow } from '../../../helpers/dataflow.js';
import { applyFix, inventoryFindings, oneSurface, problemsOf } from '../../../helpers/inventory.js';
import { makeBlueprint, nodeRedFlow } from '../../../helpers/platformDocs.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { n8n, snapshotOf } from '../../../helpers/threatModel.js';
import { laStandardWorkflow, paSolutionFlow } from '../../../helpers/wdl.js';
import { internalHostKind, ipv4Of, isInternalHost, isUnspecifiedHost } from '../../../../server/src/core/knowledge/internalHosts.js';
import { buildThreatModel } from '../../../../server/src/core/threatModel/index.js';
import type { Finding, Fix } from '../../../../server/src/core/model/index.js';

const RULE = 'transport/insecure-http';
const call = (url: string) => n8nWorkflow([httpNode([], { url })]);
const only = (text: string): Finding | undefined => {
  const findings = findingsOf(RULE, text);
  assert.ok(findings.length <= 1, JSON.stringify(findings.map((f) => f.message)));
  return findings[0];
};
/** The text with a fix's edits applied (offsets into the text). */
const applied = (text: string, fix: Fix) => [...fix.edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);

describe('internalHosts: hosts as the URL parser reads them', () => {
  it('reads IPv4 in every notation the WHATWG parser and .NET accept', () => {
    for (const [host, address] of [
      ['10.0.0.1', '10.0.0.1'], ['2852039166', '169.254.169.254'], ['0xa9fea9fe', '169.254.169.254'], ['0251.0376.0251.0376', '169.254.169.254'],
      ['10.1', '10.0.0.1'], ['127.1', '127.0.0.1'], ['192.168.257', '192.168.1.1'], ['0x7f.1', '127.0.0.1'], ['10.0.0', '10.0.0.0'], ['10.0.0.1.', '10.0.0.1'], ['0', '0.0.0.0'],
    ]) {
      const n = ipv4Of(host)!;
      assert.equal([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'), address, host);
    }
    for (const host of ['api.example.com', 'qdrant', '1a.example.com']) assert.equal(ipv4Of(host), undefined, host);
    for (const host of ['256.1.1.1', '1.2.3.4.5', 'foo.123', '4294967296', '09.1.1.1']) assert.ok(Number.isNaN(ipv4Of(host)), host);
  });

  it('knows an internal address in any notation, IPv4-mapped IPv6, the shared range, any case and a trailing dot', () => {
    for (const [host, kind] of [
      ['167772161', 'private-address'], ['0xa000001', 'private-address'], ['012.0.0.1', 'private-address'], ['10.1', 'private-address'], ['192.168.1', 'private-address'],
      ['2852039166', 'metadata'], ['169.254.169.254', 'metadata'], ['[fd00:ec2::254]', 'metadata'], ['metadata.google.internal', 'metadata'], ['169.254.1.1', 'link-local-address'],
      ['127.1', 'loopback'], ['2130706433', 'loopback'], ['[::ffff:127.0.0.1]', 'loopback'], ['[0:0:0:0:0:0:0:1]', 'loopback'], ['LOCALHOST', 'loopback'], ['n8n.localhost.', 'loopback'],
      ['[::ffff:10.0.0.1]', 'private-address'], ['[::ffff:a00:1]', 'private-address'], ['[::ffff:192.168.1.5]', 'private-address'], ['[FD12:3456::1]', 'private-address'], ['[fe80::1%25eth0]', 'link-local-address'],
      ['100.64.0.1', 'shared-address'], ['100.101.102.103', 'shared-address'], ['100.127.255.255', 'shared-address'],
      ['QDRANT', 'service-name'], ['qdrant.', 'service-name'], ['Printer.Local.', 'internal-name'], ['qdrant.vectors.svc', 'internal-name'], ['qdrant.vectors.svc.cluster.local', 'internal-name'],
    ]) {
      assert.equal(internalHostKind(host), kind, host);
    }
  });

  it('takes a public address in another notation, a placeholder and the unspecified address for the internet', () => {
    for (const host of ['134744072', '0x08080808', '8.8.8.8.', '[::ffff:8.8.8.8]', '[::ffff:808:808]', '[2001:db8::1]', '[::]', '0.0.0.0', '0', '100.63.255.255', '100.128.0.1', '172.32.0.1',
      'qdrant_url', 'QDRANT_URL', 'api_uri', 'localhost.example.com', 'internal.example.com', 'local.example.com', 'example.lan.example.com', '[fc0::1]', '[fec0::1]', '4294967296', '1.2.3.4.5']) {
      assert.equal(isInternalHost(host), false, host);
    }
  });

  it('knows the unspecified address in every notation', () => {
    for (const host of ['0.0.0.0', '0', '0x0', '0.0', '[::]', '[0:0:0:0:0:0:0:0]']) assert.equal(isUnspecifiedHost(host), true, host);
    for (const host of ['0.0.0.1', '[::1]', 'qdrant']) assert.equal(isUnspecifiedHost(host), false, host);
  });
});

describe(`${RULE}: hosts in other notations`, () => {
  it('reports a public address written as one number as a warning (was info: taken for a Docker service name)', () => {
    const f = only(call('http://134744072/resolve'));
    assert.equal(f?.severity, 'warning');
    assert.deepEqual(f.fixes?.map((x) => x.isPreferred), [true]);
  });

  it('reports a private address in a short or hex form as info (was a warning)', () => {
    for (const url of ['http://10.1:8080/items', 'http://0xa000005/items', 'http://[::ffff:10.0.0.5]:8080/items', 'http://[::ffff:a00:5]/items']) {
      const f = only(call(url));
      assert.equal(f?.severity, 'info', url);
      assert.match(f.message, /, a host on your own network \(a private address\), over plain HTTP/, url);
      assert.deepEqual(f.fixes?.map((x) => x.isPreferred), [false], url);
    }
  });

  it('leaves loopback in any notation alone, as localhost (was a warning)', () => {
    for (const url of ['http://127.1:5678/webhook/x', 'http://2130706433:5678/', 'http://[::ffff:127.0.0.1]:5678/', 'http://[0:0:0:0:0:0:0:1]:5678/', 'http://LOCALHOST:5678/', 'http://n8n.localhost.:5678/']) {
      assert.equal(only(call(url)), undefined, url);
    }
  });

  it('leaves an outbound call to 0.0.0.0 in any notation alone, and keeps an inbound one a warning', () => {
    for (const url of ['http://0:8000/predict', 'http://0.0:8000/predict', 'http://[::]:8000/predict']) assert.equal(only(call(url)), undefined, url);
    const text = oneSurface('id: hook', 'name: Hook', 'kind: webhook', 'direction: inbound', 'endpoint: http://0.0.0.0:8000/hook');
    assert.deepEqual(inventoryFindings(RULE, text).map((f) => f.severity), ['warning']);
  });

  it('leaves the cloud metadata service alone: HTTP only, answered on the machine (was info: "turn on TLS at the service")', () => {
    for (const url of ['http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'http://2852039166/latest/meta-data/', 'http://metadata.google.internal/computeMetadata/v1/', 'http://[fd00:ec2::254]/latest/']) {
      assert.equal(only(call(url)), undefined, url);
    }
  });

  it('reports a Tailscale (100.64.0.0/10) address as info (was a warning)', () => {
    const f = only(call('http://100.101.102.103:8080/api'));
    assert.equal(f?.severity, 'info');
    assert.match(f.message, /talks to 100\.101\.102\.103, a host on your own network \(a shared address, as carrier-grade NAT and Tailscale use\), over plain HTTP/);
  });

  it("keeps a template's placeholder host a warning: it is not a Docker service (the corpus's http://QDRANT_URL/)", () => {
    for (const url of ['http://QDRANT_URL/collections', 'http://n8n-url:5678/', 'http://API_URI/api']) {
      const f = only(call(url));
      assert.equal(f?.severity, 'warning', url);
      assert.match(f.message, /over plain HTTP: data and credentials cross the network unencrypted/, url);
    }
  });

  it('names each kind of internal host in the message', () => {
    for (const [url, words] of [
      ['http://qdrant:6333/', 'a single-label name, as Docker and Kubernetes name services'],
      ['http://192.168.1.186:8080/', 'a private address'],
      ['http://[fd12::1]/', 'a private address'],
      ['http://169.254.10.1/', 'a link-local address'],
      ['http://nas.lan/', 'a name that resolves only inside a network'],
    ]) {
      assert.match(only(call(url))!.message, new RegExp(`, a host on your own network \\(${words}\\), over plain HTTP: anyone on that network`), url);
    }
  });
});

describe(`${RULE}: a host an expression completes`, () => {
  const logicApp = (uri: string) => laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, { Call: { type: 'Http', inputs: { method: 'GET', uri }, runAfter: {} } });

  it('does not take the first label of a name an expression goes on for a service name', () => {
    for (const text of [logicApp("http://api@{parameters('domain')}/v1"), call('=http://qdrant{{ $json.suffix }}/collections')]) {
      assert.equal(only(text)?.severity, 'warning');
    }
  });

  it('reads the start of a dotted private address as private, and a port ends the host', () => {
    assert.equal(only(logicApp("http://10.0.0.@{variables('n')}/v1"))?.severity, 'info');
    assert.equal(only(logicApp("http://QDRANT:6333@{variables('path')}"))?.severity, 'info');
  });
});

describe(`${RULE}: each platform's message and fix on an internal host`, () => {
  const cases: [string, string, string, string][] = [
    ['Node-RED', nodeRedFlow(
      { id: 'i1', type: 'inject', z: 't1', name: '', repeat: '', crontab: '', once: false, wires: [['r1']] },
      { id: 'r1', type: 'http request', z: 't1', name: 'Push order', method: 'POST', ret: 'obj', url: 'http://erp.corp:8080/orders', tls: '', persist: false, proxy: '', authType: '', wires: [[]] },
    ), '"Push order" (POST) talks to erp.corp, a host on your own network (a name that resolves only inside a network), over plain HTTP', 'http://erp.corp:8080'],
    ['Make', makeBlueprint({ id: 3, module: 'http:ActionSendData', version: 3, parameters: { handleErrors: false }, mapper: { url: 'http://10.1.2.3:8080/items/{{1.id}}', method: 'post', headers: [], bodyType: 'raw', parseResponse: true, rejectUnauthorized: true } }),
      '"http:ActionSendData" (POST) talks to 10.1.2.3, a host on your own network (a private address), over plain HTTP', 'http://10.1.2.3:8080'],
    ['Logic Apps', laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, { Call_partner: { type: 'Http', inputs: { method: 'POST', uri: "http://10.20.0.4:8080/orders/@{triggerBody()?['id']}" }, runAfter: {} } }),
      '"Call_partner" (POST) talks to 10.20.0.4, a host on your own network (a private address), over plain HTTP', 'http://10.20.0.4:8080'],
    ['Power Automate', paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: {} } }, { Call_gateway: { type: 'Http', inputs: { method: 'GET', uri: 'http://gateway.internal/health' }, runAfter: {} } }),
      '"Call_gateway" (GET) talks to gateway.internal, a host on your own network (a name that resolves only inside a network), over plain HTTP', 'http://gateway.internal'],
  ];
  for (const [platform, text, message, covers] of cases) {
    it(`${platform}: info, the message names the kind, the fix is offered, not preferred, and leaves the document valid`, () => {
      const f = only(text)!;
      assert.equal(f?.severity, 'info');
      assert.ok(f.message.startsWith(message), f.message);
      assertRangeCovers(text, f.range, covers);
      assert.deepEqual(f.fixes?.map((x) => [x.title, x.isPreferred]), [['Use https://', false]]);
      const fixed = applied(text, f.fixes![0]);
      JSON.parse(fixed);
      assert.ok(fixed.includes(covers.replace('http://', 'https://')));
      assert.equal(only(fixed), undefined);
    });
  }

  it('surface inventory: info on an internal endpoint, the fix leaves a valid inventory', () => {
    const text = oneSurface('id: vectors', 'name: Vectors', 'kind: api', 'direction: outbound', 'endpoint: http://qdrant:6333/collections');
    const [f] = inventoryFindings(RULE, text);
    assert.equal(f?.severity, 'info');
    assert.match(f.message, /^"vectors" talks to qdrant, a host on your own network \(a single-label name, as Docker and Kubernetes name services\), over plain HTTP/);
    assert.deepEqual(f.fixes?.map((x) => x.isPreferred), [false]);
    const fixed = applyFix(text, f.fixes![0]);
    assert.match(fixed, /endpoint: https:\/\/qdrant:6333\/collections/);
    assert.deepEqual(problemsOf(fixed), []);
  });
});

describe('the threat model reads the same list', () => {
  const zoneOf = (url: string) => {
    const model = buildThreatModel(snapshotOf({ 'flows/f.n8n.json': n8n([{ id: 'h', name: 'Call', type: 'n8n-nodes-base.httpRequest', parameters: { url } }]) }));
    return model.surfaces.find((s) => s.name === 'Call')?.boundaryId;
  };

  it('puts a private address in another notation, a Tailscale address and a Docker service in the internal zone, a public one written as a number in saas', () => {
    for (const url of ['http://10.1/api', 'http://[::ffff:10.0.0.5]/api', 'http://100.101.102.103/api', 'http://qdrant:6333/api']) assert.equal(zoneOf(url), 'n8n->internal', url);
    for (const url of ['http://134744072/api', 'http://QDRANT_URL/api', 'https://api.example.com/v1']) assert.equal(zoneOf(url), 'n8n->saas', url);
  });
});

describe('privacy reads the same list', () => {
  const form = { name: 'Signup', type: 'formTrigger', parameters: { path: 'signup', formFields: { values: [{ fieldLabel: 'Email' }] } } };
  const post = (url: string) => n8nFlow([form, { name: 'Send', type: 'httpRequest', parameters: { method: 'POST', url, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify({ email: $json.email }) }}' } }], [['Signup', 'Send']]);
  const privacy = (url: string) => flowFindings('privacy/sensitive-data-to-third-party', { text: post(url) });

  it('sends an e-mail to a public address written as one number: a third party', () => {
    assert.equal(privacy('http://134744072/collect').length, 1);
  });

  it('keeps a private address in a short form, a Tailscale address and an internal name with a trailing dot internal', () => {
    for (const url of ['http://10.1:8080/leads', 'http://100.101.102.103/leads', 'http://crm.corp./leads']) assert.deepEqual(privacy(url), [], url);
  });

  it('keeps an IPv6 unique-local address internal (fcbe314 says the privacy rule counts IPv6 now)', () => {
    assert.deepEqual(privacy('http://[fd12::1]:8080/leads'), []);
  });

  it('reads the host after user info, not the user name', () => {
    assert.equal(privacy('http://user:pw@collect.example.com/leads').length, 1);
  });
});
