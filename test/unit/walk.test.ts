import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseLenient } from 'jsonc-parser';
import { MAX_DEPTH, walk, walkStrings } from '../../server/src/core/walk.js';

/** Every string a walk meets, as [pointer, name, value]. */
function strings(root: unknown, base = '', skip?: (key: string) => boolean): [string, string, string][] {
  const out: [string, string, string][] = [];
  walkStrings(root, base, (v) => out.push([v.pointer, v.name, v.value]), skip);
  return out;
}

describe('walkStrings', () => {
  it('visits every string in document order, with its JSON pointer and field name', () => {
    const value = JSON.parse('{"a": "1", "b": [ "2", { "c": "3" }, 4, null, "5" ], "d": { "e": { "f": "6" } }, "g": true, "h": "7"}');
    assert.deepEqual(strings(value), [
      ['/a', 'a', '1'],
      ['/b/0', 'b', '2'],
      ['/b/1/c', 'c', '3'],
      ['/b/4', 'b', '5'],
      ['/d/e/f', 'f', '6'],
      ['/h', 'h', '7'],
    ]);
  });

  it('starts pointers at the base and escapes ~ and / in keys', () => {
    assert.deepEqual(strings({ 'a/b': { 'c~d': 'x' } }, '/nodes/3/parameters'), [['/nodes/3/parameters/a~1b/c~0d', 'c~d', 'x']]);
  });

  it('names a value by its sibling in name/value pairs (n8n, Make, Node-RED, WDL parameters)', () => {
    const value = {
      headers: [{ name: 'Authorization', value: 'Bearer x' }],
      nodeRed: { keyValue: 'X-Api-Key', valueValue: 'k' },
      change: { p: 'payload.token', to: 't' },
      parameters: { apiKey: { type: 'securestring', defaultValue: 'd' } },
    };
    assert.deepEqual(strings(value).map(([pointer, name]) => [pointer, name]), [
      ['/headers/0/name', 'name'],
      ['/headers/0/value', 'Authorization'],
      ['/nodeRed/keyValue', 'keyValue'],
      ['/nodeRed/valueValue', 'X-Api-Key'],
      ['/change/p', 'p'],
      ['/change/to', 'payload.token'],
      ['/parameters/apiKey/type', 'type'],
      ['/parameters/apiKey/defaultValue', 'apiKey'],
    ]);
  });

  it('names pairs whatever the order of their members, the first kind that fits winning', () => {
    const value = {
      reversed: { value: 'v', name: 'Authorization' },
      both: { to: 't', name: 'N', value: 'v', p: 'P' },
      notAName: { name: 1, value: 'v', p: 'P', to: 't' },
    };
    assert.deepEqual(strings(value).map(([pointer, name]) => [pointer, name]), [
      ['/reversed/value', 'Authorization'],
      ['/reversed/name', 'name'],
      ['/both/to', 'to'],
      ['/both/name', 'name'],
      ['/both/value', 'N'],
      ['/both/p', 'p'],
      ['/notAName/value', 'value'],
      ['/notAName/p', 'p'],
      ['/notAName/to', 'P'],
    ]);
  });

  it('names the value of Make { key, value } form fields by their key', () => {
    const value = { formFields: [{ key: 'grant_type', value: 'client_credentials' }, { value: 'v', key: 'client_secret' }], notAKey: { key: 1, value: 'v' } };
    assert.deepEqual(strings(value).filter(([pointer]) => pointer.endsWith('/value')).map(([pointer, name]) => [pointer, name]), [
      ['/formFields/0/value', 'grant_type'],
      ['/formFields/1/value', 'client_secret'],
      ['/notAKey/value', 'value'],
    ]);
  });

  it('names a Node-RED inject property { p, v, vt } by its p; vt env, msg, flow or global makes it a reference', () => {
    const types = ['str', 'json', 'env', 'msg', 'flow', 'global', 'jsonata', undefined];
    const props = [{ p: 'payload' }, ...types.map((vt) => ({ p: 'token', v: 'x', vt }))];
    const visits: [string, string, boolean, boolean][] = [];
    walkStrings({ props }, '', (v) => visits.push([v.pointer, v.name, v.reference, v.expression]));
    assert.deepEqual(visits.filter(([pointer]) => pointer.endsWith('/v')), types.map((t, i) => [`/props/${i + 1}/v`, 'token', ['env', 'msg', 'flow', 'global'].includes(t!), t === 'jsonata']));
  });

  it('names a parameter value { NAME: { value } } or { NAME: { type, value } } (ARM, Logic Apps Standard parameters) by NAME', () => {
    const value = {
      parameters: { apiKey: { value: 'a' }, typed: { type: 'SecureString', value: 'b' }, described: { value: 'c', metadata: { description: 'd' } } },
      standard: { token: { type: 'string', value: 'e' }, auth: { type: 'Object', value: { type: 'Raw', value: 'j' } } },
      // Not parameter values: a WDL Raw authentication (its value is the Authorization header), an n8n resource
      // locator, an object with other members, an array element.
      authentication: { type: 'Raw', value: 'f' },
      locator: { __rl: true, value: 'g', mode: 'list' },
      other: { value: 'h', unit: 'ms' },
      list: [{ value: 'i' }],
    };
    assert.deepEqual(strings(value).filter(([pointer]) => pointer.endsWith('/value')).map(([pointer, name]) => [pointer, name]), [
      ['/parameters/apiKey/value', 'apiKey'],
      ['/parameters/typed/value', 'typed'],
      ['/parameters/described/value', 'described'],
      ['/standard/token/value', 'token'],
      ['/standard/auth/value/value', 'Authorization'], // a Raw authentication as a parameter's value: the header's value
      ['/authentication/value', 'value'],
      ['/locator/value', 'value'],
      ['/other/value', 'value'],
      ['/list/0/value', 'value'],
    ]);
  });

  it('marks a WDL QueryString authentication value and a Raw authentication key `parameter` as credentials, nothing else', () => {
    const value = {
      functionAuth: { type: 'Object', value: { type: 'QueryString', name: 'Code', value: 'a' } },
      authentication: { type: 'querystring', name: 'code', value: 'b' },
      connection: { authentication: { type: 'Raw', scheme: 'Key', parameter: 'c' } },
      // Not authentications: a query parameter with more members, an n8n parameter, a parameter of another object.
      forwarded: { type: 'QueryString', name: 'page', value: 'd', source: 'request' },
      n8n: { name: 'code', value: 'e' },
      other: { type: 'Query', parameter: 'f' },
    };
    const visits: [string, string, string | undefined][] = [];
    walkStrings(value, '', (v) => { if (v.value.length === 1) visits.push([v.pointer, v.name, v.credential]); });
    assert.deepEqual(visits, [
      ['/functionAuth/value/value', 'Code', 'query-parameter'],
      ['/authentication/value', 'code', 'query-parameter'],
      ['/connection/authentication/parameter', 'parameter', 'connection-key'],
      ['/forwarded/value', 'page', undefined],
      ['/n8n/value', 'code', undefined],
      ['/other/parameter', 'parameter', undefined],
    ]);
  });

  it('names a Node-RED preset header by its keyType, an "other" or "msg" one by its keyValue', () => {
    const value = [
      { keyType: 'Authorization', keyValue: '', valueType: 'other', valueValue: 'a' },
      { keyType: 'other', keyValue: 'X-Api-Key', valueType: 'other', valueValue: 'b' },
      { keyType: 'msg', keyValue: 'payload.header', valueType: 'other', valueValue: 'c' },
      { keyType: '', keyValue: 'Token', valueValue: 'd' },
    ];
    assert.deepEqual(strings(value).filter(([pointer]) => pointer.endsWith('/valueValue')).map(([, name, v]) => [name, v]), [
      ['Authorization', 'a'],
      ['X-Api-Key', 'b'],
      ['payload.header', 'c'],
      ['Token', 'd'],
    ]);
  });

  it('marks a pair value whose Node-RED type makes it a reference (env, msg, flow, global, node) or an expression (jsonata), not a literal', () => {
    const types = ['env', 'msg', 'flow', 'global', 'node', 'jsonata', 'str', 'json', 'other', 'application/json', undefined];
    const value = {
      headers: types.map((t) => ({ keyType: 'other', keyValue: 'Authorization', valueType: t, valueValue: 'v' })),
      rules: types.map((t) => ({ t: 'set', p: 'headers.authorization', to: 'v', tot: t })),
      n8n: { name: 'Authorization', value: 'v', type: 'env' },
    };
    const references: string[] = [];
    const expressions: string[] = [];
    walkStrings(value, '', (v) => {
      if (v.reference) references.push(v.pointer);
      if (v.expression) expressions.push(v.pointer);
    });
    assert.deepEqual(references, [0, 1, 2, 3, 4].map((i) => `/headers/${i}/valueValue`).concat([0, 1, 2, 3, 4].map((i) => `/rules/${i}/to`)));
    // A JSONata value is code the runtime evaluates: its quoted literals are values (the secret scan reads them).
    assert.deepEqual(expressions, ['/headers/5/valueValue', '/rules/5/to']);
  });

  it('visits a root string, and nothing for other roots', () => {
    assert.deepEqual(strings('only'), [['', '', 'only']]);
    assert.deepEqual(strings(42), []);
    assert.deepEqual(strings(null), []);
  });

  it('visits own members only: in lenient JSON (trailing comma) a "__proto__" member becomes the prototype', () => {
    const value = parseLenient('{"a": "1", "__proto__": {"allowUnauthorizedCerts": true, "b": "2"},}', [], { allowTrailingComma: true });
    assert.deepEqual(strings(value), [['/a', 'a', '1']]);
    const members: string[] = [];
    walk(value, '', { member: (key) => members.push(key) });
    assert.deepEqual(members, ['a']);
  });

  it('leaves out skipped members and everything under them', () => {
    assert.deepEqual(strings({ credentials: { id: 'x' }, keep: 'y', position: ['z'] }, '', (k) => k === 'credentials' || k === 'position'), [['/keep', 'keep', 'y']]);
  });

  it('reuses one visit: its fields hold for the callback only, the pointer is right whenever read', () => {
    const seen: unknown[] = [];
    const pointers: string[] = [];
    walkStrings({ a: 'x', b: { c: 'y' } }, '', (v) => {
      seen.push(v);
      pointers.push(v.pointer);
    });
    assert.deepEqual(pointers, ['/a', '/b/c']);
    assert.equal(seen[0], seen[1]);
  });

  it('stops descending below MAX_DEPTH, says so, and does not overflow the stack on deeper input', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const out: string[] = [];
    assert.equal(walkStrings({ top: 'a', deep }, '', (v) => out.push(v.value)), false);
    assert.deepEqual(out, ['a']);
    let shallow: unknown = 'reached';
    for (let i = 0; i < MAX_DEPTH - 1; i++) shallow = [shallow];
    const reached: string[] = [];
    assert.equal(walkStrings(shallow, '', (v) => reached.push(v.value)), true);
    assert.deepEqual(reached, ['reached']);
  });
});

describe('walk', () => {
  it('visits every object member with its pointer before its strings, arrays included', () => {
    const events: string[] = [];
    walk({ a: { rejectUnauthorized: false }, list: [{ verify_ssl: 'false' }], s: 'x' }, '/root', {
      member: (key, value, at) => events.push(`member ${key}=${JSON.stringify(value)} at ${at.pointer}`),
      string: (v) => events.push(`string ${v.value} at ${v.pointer}`),
    });
    assert.deepEqual(events, [
      'member a={"rejectUnauthorized":false} at /root/a',
      'member rejectUnauthorized=false at /root/a/rejectUnauthorized',
      'member list=[{"verify_ssl":"false"}] at /root/list',
      'member verify_ssl="false" at /root/list/0/verify_ssl',
      'string false at /root/list/0/verify_ssl',
      'member s="x" at /root/s',
      'string x at /root/s',
    ]);
  });
});
