// What a check restricts: regexes, prefixes, schema formats, conditions on expressions, tests in code, numbers and masking.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeTests, readCode } from '../../../server/src/core/dataflow/codeTests.js';
import { allOfOps, anyOfOps, fixesHost, formatOp, insertsNumber, isLiteralList, jsConditionOp, jsConditionOps, maskedRefs, numericRefs, regexOp, wdlConditionOp } from '../../../server/src/core/dataflow/predicates.js';
import { n8nReferences } from '../../../server/src/core/dataflow/n8n.js';
import type { CheckOp } from '../../../server/src/core/knowledge/sinks.js';

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
    // Anchored at both ends, but letting any character through somewhere.
    ['^.*$', 'loose-pattern'],
    ['^[\\s\\S]*$', 'loose-pattern'],
    ['^[^@]+$', 'loose-pattern'],
    ['^(\\d+|.*)$', 'loose-pattern'],
    ['^(?=[a-z]).*$', 'loose-pattern'],
    ['^\\S+$', 'loose-pattern'],
    ['^(.)+$', 'loose-pattern'],
    ['^[a-z0-9._-]+$', 'pattern'], // a dot in a class is a dot
    ['^\\d+\\.\\d+$', 'pattern'],
    ['^https://api\\.example\\.com/.*$', 'base-url'], // the host is fixed whatever follows
  ];
  for (const [regex, op] of table) it(`reads ${regex} as ${op}`, () => assert.equal(regexOp(regex), op));
  it("anchors the start itself for Python's re.match", () => assert.equal(regexOp('/\\d+$/', true), 'pattern'));
});

describe('anyOfOps and allOfOps', () => {
  // Each alternative (OR) lets the value through with its own check: together they restrict what each restricts.
  const table: [CheckOp[], CheckOp][] = [
    [['equals', 'pattern'], 'equals'],
    [['equals', 'presence'], 'presence'], // one alternative restricts nothing
    [['type', 'host'], 'type'], // both: every sink but URLs
    [['host', 'type'], 'host'],
    [['base-url', 'host'], 'other'], // URLs only, and every sink but URLs: no sink in common
    [['type', 'base-url'], 'other'],
    [['equals', 'type'], 'type'],
  ];
  for (const [ops, want] of table) it(`${ops.join(' or ')} → ${want}`, () => assert.equal(anyOfOps(ops), want));
  it('keeps the stronger of checks that hold together (AND)', () => {
    assert.equal(allOfOps(['presence', 'type']), 'type');
    assert.equal(allOfOps(['type', 'equals']), 'equals');
    assert.equal(allOfOps(['code', 'type']), 'code');
  });
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

describe('isLiteralList', () => {
  it('reads lists of literals, and nothing else', () => {
    assert.deepEqual(["['a', 'b']", '[1, -2.5]', "['a',]", '[]', '[`${x}`]', '[a]', "['a' + b]", "['a'"].map((t) => isLiteralList(t, 'js')), [true, true, true, false, false, false, false, false]);
  });
  it('reads a long list of digits that ends in a name in linear time (a backtracking regex took 22 s on 27 digits)', () => {
    const started = performance.now();
    assert.equal(isLiteralList(`[${'1'.repeat(5000)}x]`, 'js'), false);
    assert.equal(isLiteralList(`[${'1, '.repeat(20000)}x]`, 'js'), false);
    assert.ok(performance.now() - started < 500, `${Math.round(performance.now() - started)} ms`);
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
    // An equality restricts only with a literal (or a list of literals) on the other side.
    ['$json.body.x === $json.body.x', 'other'],
    ['$json.body.x == $json.body.confirm', 'other'],
    ['$json.body.x === $json.body.x.trim()', 'other'],
    ["$json.body.x == 'a' ? true : true", 'other'],
    ["$json.body.x == ['a']", 'equals'],
    ['$json.body.x === `${$json.body.y}`', 'other'],
    // The negation of an inequality is an equality; of anything else, nothing about the characters.
    ["$json.body.x !== 'eu'", 'equals', true],
    ["!($json.body.x !== 'eu' && $json.body.x !== 'us')", 'equals'],
    ['$json.body.x > 0', 'other', true], // NaN is not greater than 0 either
    ['Number.isInteger(Number($json.body.x))', 'other', true],
    // Regexes: only literal ones, read for what they let through.
    ['/^(a|.*)$/.test($json.body.x)', 'loose-pattern'],
    ['/^[a-z]+$/i.test($json.body.x)', 'pattern'],
    ["/[(]/.test(')') && /^[a-z]+$/.test($json.body.x)", 'pattern'], // a bracket inside a regex is no bracket
    ["new RegExp('^[a-z]+$').test($json.body.x)", 'pattern'],
    ['new RegExp($json.re).test($json.body.x)', 'other'],
    ["$json.body.x.match('^[a-z]+$')", 'pattern'],
    ['$json.body.x.match($json.re)', 'other'],
    ['re.test($json.body.x)', 'other'], // a regex the expression cannot see
    ['parseInt($json.body.x) > 0', 'other'],
    ['!isNaN(parseInt($json.body.x))', 'other'],
  ];
  for (const [expression, op, negated] of table) {
    it(`reads ${expression}${negated ? ' (is false)' : ''} as ${op ?? 'nothing in particular'}`, () => {
      // Every place the value is read, as the n8n describer passes them.
      const value = `={{ ${expression} }}`;
      const refs = n8nReferences(value, { idByName: new Map() }).filter((r) => value.slice(r.start, r.end) === ref);
      assert.equal(jsConditionOps(value, 4, value.length - 3, refs, negated ?? false)[0], op);
    });
  }
  it('reads one reference alone (jsConditionOp)', () => {
    const text = "$json.body.x === 'eu'";
    assert.equal(jsConditionOp(text, 0, text.length, 0, ref.length, false), 'equals');
  });
  it('reads a part that holds several references as checking none of them in particular', () => {
    const text = "$json.body.q === 'a' && ($json.body.a + $json.body.b) === 'x'";
    const refs = ['$json.body.q', '$json.body.a', '$json.body.b'].map((r) => ({ start: text.indexOf(r), end: text.indexOf(r) + r.length }));
    assert.deepEqual(jsConditionOps(text, 0, text.length, refs, false), ['equals', 'other', 'other']);
  });
  it('reads a condition with thousands of references in one part in linear time (4.7 s for 150 KB before)', () => {
    const parts = Array.from({ length: 16000 }, (_, i) => `$json.body.a${i}`);
    const text = `$json.body.q === 'a' && (${parts.join(' + ')}) === 'x'`;
    const refs: { start: number; end: number }[] = [];
    for (let at = text.indexOf('$json'); at !== -1; at = text.indexOf('$json', at + 1)) refs.push({ start: at, end: text.indexOf(' ', at) === -1 ? text.length : Math.min(...[' ', ')'].map((c) => text.indexOf(c, at)).filter((i) => i !== -1)) });
    const started = performance.now();
    const ops = jsConditionOps(text, 0, text.length, refs, false);
    assert.ok(performance.now() - started < 1000, `${Math.round(performance.now() - started)} ms`);
    assert.equal(ops[0], 'equals');
    assert.ok(ops.slice(1).every((op) => op === 'other'));
  });
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
  it('reads an equality with no literal, a comparison with a text and coalesce as restricting nothing', () => {
    assert.equal(wdlConditionOp([{ name: 'equals', otherText: "triggerBody()?['y']" }]), 'other');
    assert.equal(wdlConditionOp([{ name: 'equals', constant: true }]), 'equals'); // a Switch case
    assert.equal(wdlConditionOp([{ name: 'greater', other: { kind: 'string', value: 'a' }, otherText: 'a' }]), 'other');
    assert.equal(wdlConditionOp([{ name: 'greater', other: { kind: 'number' }, otherText: '0' }]), 'type');
    assert.equal(wdlConditionOp([{ name: 'int' }, { name: 'less', otherText: "variables('max')" }]), 'type');
    assert.equal(wdlConditionOp([{ name: 'coalesce' }, { name: 'equals', other: { kind: 'string', value: 'https://a.example.com/' } }]), 'other');
  });
});

describe('codeTests', () => {
  const tests = (code: string, python = false) => {
    const refs = n8nReferences(code, { idByName: new Map(), code: python ? 'python' : 'js', itemsWord: 'items' });
    return codeTests(code, refs, python).map((t) => `${t.ref.field}:${t.op}`);
  };
  it('follows destructuring, variables and their properties to the field tested', () => {
    assert.deepEqual(tests("const { orderId, note: n } = $json.body;\nif (!/^\\d+$/.test(String(orderId))) throw new Error('bad');"), ['body.orderId:pattern']);
    assert.deepEqual(tests("const b = $input.first().json.body;\nconst re = /^[a-z-]+$/;\nif (!re.test(b.slug)) throw new Error('bad');"), ['body.slug:pattern']);
    assert.deepEqual(tests("for (const item of $input.all()) {\n  if (isNaN(item.json.qty)) throw new Error('bad');\n}"), ['qty:type']);
    assert.deepEqual(tests("$input.all().forEach((item) => {\n  if (!/^\\d+$/.test(item.json.id)) throw new Error('bad');\n});"), ['id:pattern']);
    assert.deepEqual(tests("const ok = /^\\d+$/.test($json.id);\nif (!ok) throw new Error('bad');"), ['id:pattern']);
  });
  it('reads what typeof, regex and other tests restrict', () => {
    assert.deepEqual(tests("const h = $json.host;\nif (typeof h !== 'string') throw new Error('bad');"), ['host:other']);
    assert.deepEqual(tests("if (typeof $json.n !== 'number') throw new Error('bad');"), ['n:type']);
    assert.deepEqual(tests("if (typeof $json.n === 'undefined') throw new Error('bad');"), ['n:presence']);
    assert.deepEqual(tests("const e = $json.email;\nif (!e.match(/[a-z]+@/)) throw new Error('bad');"), ['email:partial-pattern']);
    assert.deepEqual(tests("const re = new RegExp('^[0-9]+$');\nif (!$json.id.match(re)) throw new Error('bad');"), ['id:pattern']);
    assert.deepEqual(tests("x = _json['id']\nif not re.fullmatch(r'\\d+', x):\n    raise ValueError('bad')", true), ['id:pattern']);
    assert.deepEqual(tests("x = _json['id']\nif not re.match(r'\\d+', x):\n    raise ValueError('bad')", true), ['id:partial-pattern']);
    assert.deepEqual(tests("if not re.fullmatch(r'.*', _json['id']):\n    raise ValueError('bad')", true), ['id:loose-pattern']);
  });
  it('reads a test it does not know, or one of a value the code computed, as restricting nothing', () => {
    assert.deepEqual(tests("const data = $json.body;\nif (!schema.safeParse(data).success) throw new Error('bad');"), ['body:other']);
    assert.deepEqual(tests("if (isNaN(parseInt($json.id))) throw new Error('bad');"), ['id:other']);
    assert.deepEqual(tests("if (!isValidId($json.id)) throw new Error('bad');"), ['id:other']);
    assert.deepEqual(tests("if (!new RegExp('[0-9]').test($json.id)) throw new Error('bad');"), ['id:partial-pattern']);
    assert.deepEqual(tests("const n = parseInt($json.id, 10);\nif (!Number.isInteger(n)) throw new Error('bad');"), []);
    assert.deepEqual(tests("const first = $json.q.split(';')[0];\nif (!/^\\w+$/.test(first)) throw new Error('bad');"), []);
    assert.deepEqual(tests("const w = pick($input.first());\nif (!/^\\d+$/.test(w.id)) throw new Error('bad');\nreturn $input.all();"), []);
  });
  it('counts only tests that decide a throw, on the way every item takes, through names bound once', () => {
    assert.deepEqual(tests("let v = $json.id;\nif (!/^\\d+$/.test(v)) throw new Error('bad');\nv = $json.cmd;"), []);
    assert.deepEqual(tests("const ok = /^\\d+$/.test($json.id);\nif (!$json.id) throw new Error('missing');"), ['id:presence']);
    assert.deepEqual(tests("if ($json.kind === 'strict' && !/^\\d+$/.test($json.id)) throw new Error('bad');"), []);
    assert.deepEqual(tests("if ($json.skip) return $input.all();\nif (!/^\\d+$/.test($json.id)) throw new Error('bad');"), []);
    assert.deepEqual(tests("if ($json.debug) {\n  if (!/^\\d+$/.test($json.id)) throw new Error('bad');\n}"), []);
    assert.deepEqual(tests("try {\n  if (!/^\\d+$/.test($json.id)) throw new Error('bad');\n} catch (e) {\n  console.log(e);\n}"), []);
    assert.deepEqual(tests("try {\n  if (!/^\\d+$/.test($json.id)) throw new Error('bad');\n} catch (e) {\n  throw new Error('id: ' + e.message);\n}"), ['id:pattern']);
    assert.deepEqual(tests("$input.all().forEach(async (item) => {\n  if (!/^\\d+$/.test(item.json.id)) throw new Error('bad');\n});"), []);
    assert.deepEqual(tests("if (!/^\\d+$/.test($json.id)) return [];\nreturn $input.all();"), ['id:pattern']);
    assert.deepEqual(tests("if (!/^\\d+$/.test($json.a) || !/^\\d+$/.test($json.b)) throw new Error('bad');"), ['a:pattern', 'b:pattern']);
    assert.deepEqual(tests('if (!/^\\d+$/.test($json.id)'), []); // does not parse
  });
});

describe('readCode', () => {
  const read = (code: string) => {
    const refs = n8nReferences(code, { idByName: new Map([['Hook', 'h']]), code: 'js', itemsWord: 'items' });
    return readCode(code, refs);
  };
  const output = (code: string) => read(code)?.output?.map((f) => `${f.at}<-${f.refs.map((r) => r.field).join('|')}${f.whole ? '' : ' (computed)'}`);
  it('reads the fields of the object literal the one return builds', () => {
    assert.deepEqual(output("const t = $input.first().json.body.text;\nreturn { ...$input.first().json, command: t.split(' ')[0] };"), ['<-', 'command<-body.text (computed)']);
    assert.deepEqual(output('return [{ json: { a: $json.body.a, b: $json.body.b.trim(), n: $json.body.c.length } }];'), ['a<-body.a', 'b<-body.b', 'n<-body.c.length (computed)']);
  });
  it('does not read what it cannot place field by field', () => {
    assert.equal(output('if ($json.x) return { a: 1 };\nreturn { ...$json };'), undefined); // two returns
    assert.equal(output("const out = { a: $json.a };\nreturn [{ json: out }];"), undefined);
    assert.equal(output("return { url: 'https://api.example.com/', ...$json };"), undefined); // the spread may write over url
    assert.equal(output("return { ['a' + 'b']: $json.a };"), undefined);
    assert.equal(output('const o = $input.first().json;\no.url = o.body.next;\nreturn { ...o };'), undefined); // url changed in place
    assert.equal(output("$input.all().forEach((item) => { item.json.url = item.json.body.next; });\nreturn { ...$json };"), undefined);
    // Objects the code makes itself may change.
    assert.deepEqual(output("const out = {};\nout.n = 1;\nconst env = $json.body.args.split(' ').reduce((acc, p) => { acc[p] = true; return acc; }, {});\nreturn { ...$json, env };"), ['<-', 'env<-body.args (computed)']);
  });
  it('finds an HMAC signature the code verifies before it goes on', () => {
    const verify = (guard: string) => [
      "const crypto = require('crypto');",
      "const item = $('Hook').first();",
      "const raw = Buffer.from(item.binary.data.data, 'base64').toString();",
      "const expected = 'v0=' + crypto.createHmac('sha256', $env.SECRET).update(raw).digest('hex');",
      guard,
      'return $input.all();',
    ].join('\n');
    const found = (code: string) => read(code)?.signatures.map((s) => `${s.header}:${s.headerRef.field}:${s.keyRefs.length}`);
    assert.deepEqual(found(verify("if (expected !== item.json.headers['x-slack-signature']) throw new Error('no');")), ['x-slack-signature:headers.x-slack-signature:0']);
    assert.deepEqual(found(verify("if (expected === item.json.headers['x-slack-signature']) { console.log('ok'); } else { throw new Error('no'); }")), ['x-slack-signature:headers.x-slack-signature:0']);
    assert.deepEqual(found(verify("console.log(expected !== item.json.headers['x-slack-signature']);")), []);
    assert.deepEqual(found(verify("if ($json.strict && expected !== item.json.headers['x-slack-signature']) throw new Error('no');")), []);
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
  it('does not count a bracket inside a regex, nor calls that unmask or split text', () => {
    const at = (text: string, rs: string[]) => maskedRefs(text, 0, rs.map((r) => ({ start: text.indexOf(r), end: text.indexOf(r) + r.length })), 'js');
    assert.deepEqual(at("JSON.stringify({ u: $crypto.sha256($json.email.replace(/[(]/g, '')), p: $json.phone })", ['$json.email', '$json.phone']), [true, false]);
    assert.deepEqual(at('JSON.stringify({ w: tokenize($json.phone), u: $json.email.unmask(), d: detokenize($json.card), m: deepMask($json.name) })', ['$json.phone', '$json.email', '$json.card', '$json.name']), [false, false, false, true]);
  });
  it('reads which references of a block are numbers in one pass', () => {
    const names = Array.from({ length: 4000 }, (_, i) => `$json.a${i}`);
    const text = `Math.max(${names.join(', ')})`;
    const spans: { start: number; end: number }[] = [];
    let at = 'Math.max('.length;
    for (const name of names) {
      spans.push({ start: at, end: at + name.length });
      at += name.length + 2;
    }
    const started = performance.now();
    assert.ok(numericRefs(text, 0, text.length, spans, 'js', new Set(['Math.max']), new Set()).every(Boolean));
    assert.ok(performance.now() - started < 500);
  });
});
