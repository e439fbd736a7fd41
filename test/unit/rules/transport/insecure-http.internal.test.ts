// transport/insecure-http on the organisation's own network: a container service beside the platform, a private address
// or an internal name is still reported, as info, with advice that fits a service that may serve no TLS; the https://
// fix is offered but not preferred. Most plain-HTTP calls in real exports are such (Selenium, Qdrant, Gotenberg in the
// corpus's Docker-compose templates).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, httpNode, n8nWorkflow } from '../../../helpers/analyze.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { isInternalHost } from '../../../../server/src/core/knowledge/internalHosts.js';

const RULE = 'transport/insecure-http';
const call = (url: string) => n8nWorkflow([httpNode([], { url })]);

describe(`${RULE}: hosts on the organisation's own network`, () => {
  for (const [url, host] of [
    ['http://selenium_chrome:4444/wd/hub/session', 'selenium_chrome'],
    ['=http://qdrant:6333/collections/{{ $json.name }}/points', 'qdrant'],
    ['http://192.168.1.186:8123/api/states', '192.168.1.186'],
    ['http://10.0.0.5:8080/items', '10.0.0.5'],
    ['http://172.20.0.3/', '172.20.0.3'],
    ['http://nas.lan:5000/', 'nas.lan'],
    ['http://erp.corp.internal/api', 'erp.corp.internal'],
    ['http://printer.local/', 'printer.local'],
    ['http://[fd12:3456::1]:8080/', '[fd12:3456::1]'],
  ]) {
    it(`reports ${host} as info, with the fix not preferred`, () => {
      const text = call(url);
      const findings = findingsOf(RULE, text);
      assert.equal(findings.length, 1, url);
      const [f] = findings;
      assert.equal(f.severity, 'info');
      assertRangeCovers(text, f.range, url.replace(/^=/, '').match(/^http:\/\/[^/]*/)![0]);
      assert.match(f.message, new RegExp(`^"Call API" talks to ${host.replace(/[[\]]/g, '\\$&')}, a host on your own network .* over plain HTTP: anyone on that network can read and change`));
      assert.match(f.message, /turn on TLS at the service, or put a TLS-terminating proxy in front of it/);
      assert.deepEqual(f.fixes?.map((x) => [x.title, x.isPreferred]), [['Use https://', false]]);
    });
  }

  it('keeps a host on the internet a warning with the preferred fix (public addresses, dotted names, lookalikes)', () => {
    for (const url of ['http://api.example.com/v1', 'http://203.0.113.7/', 'http://172.32.0.1/', 'http://11.0.0.1/', 'http://my.local.example.com/', 'http://internal.example.com/']) {
      const [f] = findingsOf(RULE, call(url));
      assert.equal(f?.severity, 'warning', url);
      assert.deepEqual(f.fixes?.map((x) => x.isPreferred), [true], url);
    }
  });
});

describe('isInternalHost', () => {
  it('knows loopback, private and link-local addresses, internal suffixes and single-label names', () => {
    for (const host of ['localhost', 'qdrant', 'selenium_chrome', 'n8n.localhost', '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', 'x.local', 'x.internal', 'x.lan', 'x.corp', 'x.intranet', 'x.home.arpa', '::1', '[::1]', '[fc00:1::1]', '[fe80::1]']) {
      assert.equal(isInternalHost(host), true, host);
    }
  });

  it('takes anything else for the internet, templates and empty hosts included', () => {
    for (const host of ['', 'api.example.com', '8.8.8.8', '172.15.0.1', '172.32.0.1', '192.169.0.1', '256.1.1.1', '1.2.3.4.5', 'local', '{{host}}', '$host', '-bad-', '[2001:db8::1]', '[fe00::1]']) {
      assert.equal(isInternalHost(host), host === 'local', host);
    }
  });
});
