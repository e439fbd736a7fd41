// urlAuthority: the one authority parser of the core (RFC 3986, with passwords as people write them), and its callers
// reading the same host: endpoint masking, inventory matching and the threat model's zones.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskEndpoint } from '../../../server/src/core/secrets/redact.js';
import { urlAuthority } from '../../../server/src/core/secrets/urlAuthority.js';
import { buildThreatModel } from '../../../server/src/core/threatModel/index.js';
import { parseEndpoint } from '../../../server/src/core/workspace/link.js';
import { n8n, snapshotOf } from '../../helpers/threatModel.js';

/** The parts of `url` as text: user info, host, port and the rest after the authority. */
function parts(url: string): { user?: string; password?: string; host: string; port?: string; rest: string } | undefined {
  const a = urlAuthority(url);
  if (!a) return undefined;
  const user = a.user && (a.user.colon === -1 ? url.slice(a.user.start, a.user.end) : url.slice(a.user.start, a.user.colon));
  const password = a.user && a.user.colon !== -1 ? url.slice(a.user.colon + 1, a.user.end) : undefined;
  return { ...(user !== undefined ? { user } : {}), ...(password !== undefined ? { password } : {}), host: a.host, ...(a.port !== undefined ? { port: a.port } : {}), rest: url.slice(a.end) };
}

describe('urlAuthority', () => {
  const cases: [string, ReturnType<typeof parts>][] = [
    ['https://api.example.com/v1?x=1', { host: 'api.example.com', rest: '/v1?x=1' }],
    ['HTTPS://API.Example.COM.:8443/v1', { host: 'api.example.com', port: '8443', rest: '/v1' }],
    // No path: an `@` in the query or the fragment is not the end of user info.
    ['https://api.example.com:8443?notify=ops@example.com', { host: 'api.example.com', port: '8443', rest: '?notify=ops@example.com' }],
    ['https://api.example.com?notify=ops@example.com', { host: 'api.example.com', rest: '?notify=ops@example.com' }],
    ['https://api.example.com#frag@x', { host: 'api.example.com', rest: '#frag@x' }],
    ['https://admin:pw@host.example.com?email=a@b.com', { user: 'admin', password: 'pw', host: 'host.example.com', rest: '?email=a@b.com' }],
    // The user info is everything before the last `@` of the authority: a password may hold `@` and `:`.
    ['https://a@b:p@ss:w@host.example.com/x', { user: 'a@b', password: 'p@ss:w', host: 'host.example.com', rest: '/x' }],
    ['https://user@api.example.com/users/@me', { user: 'user', host: 'api.example.com', rest: '/users/@me' }],
    // A password holding `/`, `?` or `#`: the authority read strictly has a port that is no number.
    ['https://svc:pa/ss@db.example.com/x', { user: 'svc', password: 'pa/ss', host: 'db.example.com', rest: '/x' }],
    ['http://svc:pa?ss#x@legacy.example.com:8080/v1?q=a@b', { user: 'svc', password: 'pa?ss#x', host: 'legacy.example.com', port: '8080', rest: '/v1?q=a@b' }],
    ['https://svc:p@w@rd@db.example.com', { user: 'svc', password: 'p@w@rd', host: 'db.example.com', rest: '' }],
    ['https://admin:secret@[2001:db8::1]:8443/x', { user: 'admin', password: 'secret', host: '[2001:db8::1]', port: '8443', rest: '/x' }],
    ['  mongodb+srv://u:p@cluster0.example.net/db', { user: 'u', password: 'p', host: 'cluster0.example.net', rest: '/db' }],
  ];
  for (const [url, expected] of cases) {
    it(`reads ${url}`, () => assert.deepEqual(parts(url), expected));
  }

  it('reads only a scheme at the start: a URL later in the value is a value', () => {
    for (const text of ['/v1/orders?callback=https://app.example.com/done', '={{ $env.BASE_URL }}/x?u=https://a.example.com', 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKey=x', 'lead-intake', '']) {
      assert.equal(urlAuthority(text), undefined, text);
    }
  });
});

describe('the callers of urlAuthority read the same host', () => {
  it('inventory matching, endpoint masking and the threat model agree when the query holds an @ and there is no path', () => {
    assert.equal(parseEndpoint('https://10.0.0.5:8443?notify=ops@example.com')?.host, '10.0.0.5:8443');
    assert.equal(maskEndpoint('https://10.0.0.5:8443?notify=ops@example.com'), 'https://10.0.0.5:8443?notify=ops@example.com');
    const flow = n8n([
      { id: 'a', name: 'Internal', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://10.0.0.5?notify=ops@example.com' } },
      { id: 'b', name: 'External', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://api.example.com?notify=ops@10.0.0.5' } },
    ]);
    const model = buildThreatModel(snapshotOf({ 'flows/a.n8n.json': flow }));
    assert.deepEqual(Object.fromEntries(model.surfaces.map((s) => [s.name, s.boundaryId])), { Internal: 'n8n->internal', External: 'n8n->saas' });
  });
});
