// What a check restricts: regexes, prefixes, schema formats, conditions on expressions, tests in code, numbers and masking.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeTests } from '../../../server/src/core/dataflow/codeTests.js';
import { fixesHost, formatOp, insertsNumber, jsConditionOp, maskedRefs, regexOp, wdlConditionOp } from '../../../server/src/core/dataflow/predicates.js';
import { n8nReferences } from '../../../server/src/core/dataflow/n8n.js';

describe('regexOp', () => {
  const table: [string, string][] = [
    ['^\\d+$', 'pattern'],
    ['/^[a-z0-9-]{1,40}$/i', 'pattern'],
    ['^(eu|us)$', 'pattern'],
    ['\\A\\d+\\z', 'pattern'],
    ['/^[a-z]+$/m', 'partial-pattern'], // ^ and $ match at every line
    ['[a-z]+', 'partial-pattern'],
    ['^[a-z]+', 'partial-pattern'],
    ['^eu|us$', 'partial-pattern'],
    ['^foo\\$', 'partial-pattern'], // an escaped dollar is no anchor
    ['example\\.com', 'partial-pattern'],
    ['^https://hooks\\.example\\.com/', 'base-url'],
    ['^https://hooks\\.example\\.com', 'partial-pattern'],
    ['^https?://api\\.example\\.com/', 'partial-pattern'], // the optional "s" ends the literal start before the host
    ['^https://api.example.com/', 'partial-pattern'], // an unescaped dot is any character: apiXexample.com passes
  ];
  for (const [regex, op] of table) it(`reads ${regex} as ${op}`, () => assert.equal(regexOp(regex), op));
  it("anchors the start itself for Python's re.match", () => assert.equal(regexOp('/\\d+$/', true), 'pattern'));
});

describe('fixesHost', () => {
  const table: [string, boolean][] = [
    ['https://api.example.com/', true],
    ['https://api.example.com:8443/', true],
    ['api.example.com/', true],
    ['https://api.example.com', false],
    ['https://api.example.com.', false],
    ['http', false],
    ['', false],
  ];
  for (const [prefix, fixes] of table) it(`${fixes ? 'fixes' : 'does not fix'} the host with ${JSON.stringify(prefix)}`, () => assert.equal(fixesHost(prefix), fixes));
});

describe('formatOp', () => {
  it('reads restricting, host and open formats', () => {
    assert.deepEqual(['date-time', 'uuid', 'hostname', 'ipv4', 'uri', 'email', 'int32'].map(formatOp), ['pattern', 'pattern', 'host', 'host', 'other', 'other', undefined]);
  });
});

describe('jsConditionOp', () => {
  const ref = '$json.body.x';
  const table: [string, string | undefined, boolean?][] = [
    ["$json.body.x != ''", 'presence'],
    ['$json.body.x !== undefined', 'presence'],
    ['!!$json.body.x', 'presence'],
    ['$json.body.x', 'presence'],
    ['$json.body.x.isNotEmpty()', 'presence'],
    ['Boolean($json.body.x)', 'presence'],
    ["$json.body.x === 'eu'", 'equals'],
    ["'eu' == $json.body.x", 'equals'],
    ["$json.body.x.trim().toLowerCase() === 'eu'", 'equals'],
    ["String($json.body.x).toLowerCase() === 'eu'", 'equals'],
    ["['eu', 'us'].includes($json.body.x)", 'equals'],
    ["$json.body.x === 'eu' || $json.body.x === 'us'", 'equals'],
    ["$json.body.x === 'eu' || $json.admin", undefined],
    ["$json.body.ok && $json.body.x != ''", 'presence'],
    ['/^[a-z]+$/.test($json.body.x)', 'pattern'],
    ['/[a-z]+/.test($json.body.x)', 'partial-pattern'],
    ['$json.body.x.match(/^\\d+$/)', 'pattern'],
    ["$json.body.x.startsWith('https://api.example.com/')", 'base-url'],
    ["$json.body.x.startsWith('https://api.example.com')", 'prefix'],
    ["$json.body.x.includes('example')", 'other'],
    ['$json.body.x.isEmail()', 'other'],
    ['$json.body.x.isDomain()', 'host'],
    ["typeof $json.body.x === 'number'", 'type'],
    ["typeof $json.body.x === 'string'", 'other'],
    ['!isNaN($json.body.x)', 'type'],
    ['isNaN($json.body.x)', 'other'],
    ['Number.isInteger(Number($json.body.x))', 'type'],
    ['$json.body.x > 5', 'type'],
    ["$json.body.x.split(',')[0] === 'eu'", 'other'],
    ["!($json.body.x === 'eu')", 'other'],
    ["$json.body.x === 'eu'", 'other', true], // the condition passes when the expression is false
  ];
  for (const [expression, op, negated] of table) {
    it(`reads ${expression}${negated ? ' (is false)' : ''} as ${op ?? 'nothing in particular'}`, () => {
      const at = expression.indexOf(ref);
      assert.equal(jsConditionOp(expression, 0, expression.length, at, at + ref.length, negated ?? false), op);
    });
  }
});

describe('wdlConditionOp', () => {
  it('reads the functions around the value, innermost first', () => {
    assert.equal(wdlConditionOp([{ name: 'length' }, { name: 'greater', otherText: '0' }, { name: 'and' }]), 'presence');
    assert.equal(wdlConditionOp([{ name: 'length' }, { name: 'less', otherText: '50' }]), 'other');
    assert.equal(wdlConditionOp([{ name: 'empty' }, { name: 'equals', other: { kind: 'boolean' } }]), 'presence');
    assert.equal(wdlConditionOp([{ name: 'equals', other: { kind: 'empty' } }, { name: 'not' }]), 'presence');
    assert.equal(wdlConditionOp([{ name: 'toLower' }, { name: 'equals', other: { kind: 'string', value: 'eu' } }]), 'equals');
    assert.equal(wdlConditionOp([{ name: 'equals', other: { kind: 'string', value: 'eu' } }, { name: 'not' }]), 'other');
    assert.equal(wdlConditionOp([{ name: 'int' }, { name: 'greater', otherText: '0' }]), 'type');
    assert.equal(wdlConditionOp([{ name: 'startsWith', other: { kind: 'string', value: 'https://api.contoso.com/' } }]), 'base-url');
    assert.equal(wdlConditionOp([{ name: 'startsWith', other: { kind: 'string', value: 'https://api.contoso.com' } }]), 'prefix');
    assert.equal(wdlConditionOp([{ name: 'contains', other: { kind: 'string', value: 'contoso' } }]), 'other');
    assert.equal(wdlConditionOp([{ name: 'equals' }, { name: 'or' }]), undefined);
  });
});

describe('codeTests', () => {
  const tests = (code: string, python = false) => {
    const refs = n8nReferences(code, { idByName: new Map(), code: python ? 'python' : 'js', itemsWord: 'items' });
    return codeTests(code, refs, python).map((t) => `${t.ref.field}:${t.op}${t.names ? `:${[...t.names].join(',')}` : ''}`);
  };
  it('follows destructuring, variables and their properties to the field tested', () => {
    assert.deepEqual(tests("const { orderId, note: n } = $json.body;\nif (!/^\\d+$/.test(String(orderId))) throw new Error('bad');"), ['body.orderId:pattern']);
    assert.deepEqual(tests("const b = $input.first().json.body;\nconst re = /^[a-z-]+$/;\nif (!re.test(b.slug)) throw new Error('bad');"), ['body.slug:pattern']);
    assert.deepEqual(tests("for (const item of $input.all()) {\n  if (isNaN(item.json.qty)) throw new Error('bad');\n}"), ['qty:code']);
    assert.deepEqual(tests("const data = $json.body;\nif (!schema.safeParse(data).success) throw new Error('bad');"), ['body:code']);
  });
  it('reads what typeof and regex tests restrict', () => {
    assert.deepEqual(tests("const h = $json.host;\nif (typeof h !== 'string') throw new Error('bad');"), ['host:other']);
    assert.deepEqual(tests("if (typeof $json.n !== 'number') throw new Error('bad');"), ['n:type']);
    assert.deepEqual(tests("if (typeof $json.n === 'undefined') throw new Error('bad');"), ['n:presence']);
    assert.deepEqual(tests("const e = $json.email;\nif (!e.match(/[a-z]+@/)) throw new Error('bad');"), ['email:partial-pattern']);
    assert.deepEqual(tests("x = _json['id']\nif not re.fullmatch(r'\\d+', x):\n    raise ValueError('bad')", true), ['id:pattern']);
    assert.deepEqual(tests("x = _json['id']\nif not re.match(r'\\d+', x):\n    raise ValueError('bad')", true), ['id:partial-pattern']);
  });
  it('keeps the names of a test it cannot trace, for every reference of the code', () => {
    assert.deepEqual(tests("const w = pick($input.first());\nif (!/^\\d+$/.test(w.id)) throw new Error('bad');\nreturn $input.all();"), [':pattern:w,id', ':pattern:w,id']);
  });
});

describe('insertsNumber and maskedAt', () => {
  const numeric = (text: string, ref: string) => {
    const at = text.indexOf(ref);
    return insertsNumber(text, 0, text.length, at, at + ref.length, 'js', new Set(['parseInt', 'Math.round']), new Set(['toInt']));
  };
  it('reads a number only when the conversion is what is inserted', () => {
    assert.equal(numeric(' parseInt($json.id, 10) ', '$json.id'), true);
    assert.equal(numeric('Math.round($json.qty * 100)', '$json.qty'), true);
    assert.equal(numeric('$json.id.toInt()', '$json.id'), true);
    assert.equal(numeric("parseInt($json.id) ? $json.id : ''", '$json.id'), false);
    assert.equal(numeric('parseInt($json.a) + $json.b', '$json.a'), false);
    assert.equal(numeric('$json.id.trim()', '$json.id'), false);
  });
  it('masks the argument or receiver of a masking call only', () => {
    const text = "JSON.stringify({ id: $json.email.hash('sha256'), phone: $json.phone, h: sha256($json.name), x: md5(')') + $json.zip })";
    const refs = ['$json.email', '$json.phone', '$json.name', '$json.zip'].map((r) => ({ start: text.indexOf(r), end: text.indexOf(r) + r.length }));
    assert.deepEqual(maskedRefs(text, 0, refs, 'js'), [true, false, true, false]);
  });
});
