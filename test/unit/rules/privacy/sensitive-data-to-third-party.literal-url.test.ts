// Second reading of 237a654 (flowShape literalUrl: user info read past, IPv6 literals kept) against the WHATWG URL
// parser, and of 941ba95's declared-field branch (the privacy rule asks what sits at each declared field at the sender).
// An `@` inside an n8n expression is no user info's end (`https://{{ $json.email.split('@')[1] }}/` has its host written
// by the expression), and a URL an expression builds whole (`={{ "https://" + $json.host }}`) has no literal scheme.
// The last rows are holes of the declared-field branch (rules/privacy/sensitive-data-to-third-party.ts findTransfers),
// now filled: the item built into text on the way, and a key the sender's expression writes after spreading the item.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFlowTable, n8nFlow, type N8nNode } from '../../../helpers/dataflow.js';
import { literalUrl } from '../../../../server/src/core/rules/flowShape.js';
import { chatServiceAt } from '../../../../server/src/core/knowledge/chatServices.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const form = (fields: object[]): N8nNode => ({ name: 'Signup form', type: 'formTrigger', typeVersion: 2.2, parameters: { path: 'signup', formTitle: 'Sign up', formFields: { values: fields } } });
const emailField = { fieldLabel: 'email', fieldType: 'email' };
const notesField = { fieldLabel: 'notes' };
const post = (jsonBody: string, url = 'https://api.example-crm.com/v1/leads'): N8nNode => ({ name: 'Post', type: 'httpRequest', typeVersion: 4.2, parameters: { method: 'POST', url, sendBody: true, specifyBody: 'json', jsonBody } });
const chain = (...nodes: N8nNode[]) => n8nFlow(nodes, nodes.slice(1).map((n, i) => [nodes[i].name, n.name] as [string, string]));
const whole = '={{ JSON.stringify($json) }}';
const set = (name: string, parameters: object): N8nNode => ({ name, type: 'set', typeVersion: 3.4, parameters: { options: {}, ...parameters } });
const code = (name: string, jsCode: string): N8nNode => ({ name, type: 'code', typeVersion: 2, parameters: { jsCode } });


describe('literalUrl reads the host as the WHATWG URL parser does', () => {
  // Each URL the parser accepts: literalUrl's host is the parser's hostname.
  const parsed: readonly string[] = [
    'https://hooks.slack.com@evil.example.com/services/T0/B0/x',
    'https://evil.example.com\\@hooks.slack.com/services/T0/B0/x',
    'https://user:p@ss@collect.example.com/x',
    'https://us\\er:pw@collect.example.com/x',
    'https://evil.example.com\t@hooks.slack.com/services/T0/B0/x',
    'HTTPS://HOOKS.SLACK.COM/services/T0/B0/x',
    'http://[::1]/x',
    'http://user:pw@[fd12::1]:8080/x',
    'https://collect.example.com/@{variables(\'x\')}',
    'https://{{ $json.user }}:{{ $json.pw }}@collect.example.com/x',
  ];
  for (const url of parsed) {
    it(`host of ${JSON.stringify(url)}`, () => assert.equal(literalUrl(url)?.host, new URL(url).hostname));
  }
  it('the chat services are not fooled by user info or a backslash', () => {
    for (const url of parsed.slice(0, 2).concat(parsed[4])) {
      const u = literalUrl(url)!;
      assert.equal(chatServiceAt(u.host, u.path, () => ''), new URL(url).hostname === 'hooks.slack.com' ? 'Slack' : undefined, url);
    }
    const upper = literalUrl('HTTPS://HOOKS.SLACK.COM/services/T0/B0/x')!;
    assert.equal(chatServiceAt(upper.host, upper.path, () => ''), 'Slack');
  });
  it('a port an expression writes leaves the host', () => assert.equal(literalUrl('=https://collect.example.com:{{ $json.port }}/x')?.host, 'collect.example.com'));
  // An expression writes these hosts (failed: ")[1] }}" and '" + $json.host + "', which the privacy rule named as third parties).
  it("no host where the `@` is an expression's", () => assert.equal(literalUrl('=https://{{ $json.email.split("@")[1] }}/x'), undefined));
  it('no host where an expression builds the URL', () => assert.equal(literalUrl('={{ "https://" + $json.host + "/x" }}'), undefined));
  it('no host where a Power Automate expression follows the @', () => assert.equal(literalUrl("https://u@@{parameters('host')}/x"), undefined));
});

describe('privacy: hosts read past user info, and declared fields at the sender', () => {
  runFlowTable(RULE, [
    {
      name: 'user info with an @ in the password',
      text: chain(form([emailField]), post('={{ $json.email }}', 'https://user:p@ss@collect.example.com/x')),
      expected: [{ covers: '$json.email', message: /external HTTP endpoint \(collect\.example\.com\)/ }],
    },
    {
      name: 'user info written by expressions',
      text: chain(form([emailField]), post('={{ $json.email }}', '=https://{{ $json.user }}:{{ $json.pw }}@collect.example.com/x')),
      expected: [{ covers: '$json.email', message: /external HTTP endpoint \(collect\.example\.com\)/ }],
    },
    { name: 'a loopback IPv6 literal with a port', text: chain(form([emailField]), post('={{ $json.email }}', 'http://[::1]:8080/x')), expected: [] },
    { name: 'a private IPv6 literal after user info', text: chain(form([emailField]), post('={{ $json.email }}', 'http://user:pw@[fd12::1]/x')), expected: [] },
    // Failed: reported as sent to an external HTTP endpoint named `")[1] }}`.
    { name: "a host an expression takes from the e-mail's domain", text: chain(form([emailField]), post('={{ $json.email }}', '=https://{{ $json.email.split("@")[1] }}/hook')), expected: [] },
    // The chain is walked: the Set on the way is a hop, named in the message and in the related locations.
    {
      name: "the form's whole item through a Set that adds a field",
      text: chain(form([emailField, notesField]), set('Add', { assignments: { assignments: [{ id: 'a', name: 'ts', type: 'string', value: '={{ $now }}' }] }, includeOtherFields: true }), post(whole)),
      expected: [{ covers: '$json', message: /sends email \(contact details\) from "Signup form" \(signup\) \(its whole item, with the fields its settings declare\), via "Add"/, related: 3 }],
    },
    // Selected keeps email, but the node sets email after it (failed before the dataflow/n8n.ts setWrites change).
    {
      name: 'Selected email replaced by a constant the Set writes',
      text: chain(form([emailField, notesField]), set('Keep', { assignments: { assignments: [{ id: 'a', name: 'email', type: 'string', value: 'redacted' }] }, includeOtherFields: true, include: 'selected', includeFields: 'email, notes' }), post(whole)),
      expected: [],
    },
    {
      // 200 declared fields: each asked of the engine, in well under a second.
      name: 'a form of 200 e-mail fields sent whole, through a Set',
      text: chain(
        form(Array.from({ length: 200 }, (_, i) => ({ fieldLabel: `email ${i}`, fieldType: 'email' }))),
        set('Copy', { assignments: { assignments: Array.from({ length: 200 }, (_, i) => ({ id: `a${i}`, name: `f${i}`, type: 'string', value: `={{ $json["email ${i}"] }}` })) }, includeOtherFields: true }),
        post(whole),
      ),
      expected: [{ covers: '$json', nth: 200, message: /sends email 0, email 1, email 2 and \d+ more \(contact details\)/ }],
    },
    // The source's item sent under another field, or built into text (before 941ba95 the first three were reported).
    {
      name: "the form's item under data (a Set's object field), sent whole",
      text: chain(form([emailField, notesField]), set('Wrap', { assignments: { assignments: [{ id: 'a', name: 'data', type: 'object', value: '={{ $json }}' }] } }), post(whole)),
      expected: [{ covers: '$json', nth: 1, message: /sends email \(contact details\) from "Signup form"/ }],
    },
    {
      name: "the form's item under data (code), sent whole",
      text: chain(form([emailField, notesField]), code('Wrap', 'return [{ json: { data: $input.first().json } }];'), post(whole)),
      expected: [{ covers: '$json', message: /sends email \(contact details\) from "Signup form"/ }],
    },
    {
      name: "the form's item built into a JSON-mode Set's text, sent whole",
      text: chain(form([emailField, notesField]), set('Wrap', { mode: 'raw', jsonOutput: '={ "data": {{ JSON.stringify($json) }} }' }), post(whole)),
      expected: [{ covers: '$json', nth: 1, message: /sends email \(contact details\) from "Signup form" \(signup\) \(its whole item, with the fields its settings declare\), via "Wrap"/ }],
    },
    // Failed (the todo above): a Set 3.4 in JSON mode passes no input, so only the text it builds carries the item;
    // embedsSource did not take a key of that text for read by a sender of the whole item, and the declared fields were
    // asked of the sender, where the built text holds no field by name. They are asked where the text was built.
    {
      name: "the form's item spread into a JSON-mode Set's text, sent whole",
      text: chain(form([emailField, notesField]), set('Wrap', { mode: 'raw', jsonOutput: '={ "data": {{ JSON.stringify({ ...$json, ts: 1 }) }} }' }), post(whole)),
      expected: [{ covers: '$json', nth: 1, message: /sends email \(contact details\) from "Signup form" \(signup\) \(its whole item/ }],
    },
    {
      name: "the form's item built into a JSON-mode Set's text with its e-mail hashed there",
      text: chain(form([emailField, notesField]), set('Wrap', { mode: 'raw', jsonOutput: '={ "data": {{ JSON.stringify({ ...$json, email: $json.email.hash() }) }} }' }), post(whole)),
      expected: [],
    },
    {
      name: "the form's item built into a JSON-mode Set's text, spread after its hashed e-mail",
      text: chain(form([emailField, notesField]), set('Wrap', { mode: 'raw', jsonOutput: '={ "data": {{ JSON.stringify({ email: $json.email.hash(), ...$json }) }} }' }), post(whole)),
      expected: [{ covers: '$json', nth: 2, message: /sends email \(contact details\) from "Signup form" \(signup\) \(its whole item/ }],
    },
    {
      name: "the form's e-mail replaced before the JSON-mode Set builds its text",
      text: chain(
        form([emailField, notesField]),
        set('Redact', { assignments: { assignments: [{ id: 'a', name: 'email', type: 'string', value: 'redacted' }] }, includeOtherFields: true }),
        set('Wrap', { mode: 'raw', jsonOutput: '={ "data": {{ JSON.stringify($json) }} }' }),
        post(whole),
      ),
      expected: [],
    },
    {
      name: "the form's item built into a JSON-mode Set's text under a key the sender does not send",
      text: chain(form([emailField, notesField]), set('Wrap', { mode: 'raw', jsonOutput: '={ "data": {{ JSON.stringify($json) }}, "id": 1 }' }), post('={{ $json.id }}')),
      expected: [],
    },
    // Not a declared field's case: the e-mail filled into a key of the text, sent with the whole item (failed as above).
    {
      name: "the form's e-mail filled into a JSON-mode Set's text, sent whole",
      text: chain(form([emailField, notesField]), set('Wrap', { mode: 'raw', jsonOutput: '={ "note": "New lead {{ $json.email }}" }' }), post(whole)),
      expected: [{ covers: '$json', nth: 1, message: /sends email \(contact details\) from "Signup form" \(signup\), via "Wrap"/ }],
    },
    // The whole item goes with its e-mail replaced by a hash at the sink itself (failed: a key the sink's own expression
    // writes after spreading the item was still taken from the item).
    { name: 'the whole item spread with its e-mail hashed at the sink', text: chain(form([emailField, notesField]), post('={{ JSON.stringify({ ...$json, email: $json.email.hash() }) }}')), expected: [] },
    { name: "the whole item spread with its e-mail (quoted key) emptied at the sink", text: chain(form([emailField, notesField]), post('={{ JSON.stringify({ ...$json, "email": undefined }) }}')), expected: [] },
    {
      name: 'the whole item spread after its hashed e-mail (the spread writes the e-mail back)',
      text: chain(form([emailField, notesField]), post('={{ JSON.stringify({ email: $json.email.hash(), ...$json }) }}')),
      expected: [{ covers: '$json', nth: 1, message: /sends email \(contact details\) from "Signup form" \(signup\) \(its whole item/ }],
    },
    {
      name: 'the whole item spread with its e-mail written again as it is',
      text: chain(form([emailField, notesField]), post('={{ JSON.stringify({ ...$json, email: $json.email }) }}')),
      expected: [{ covers: '$json.email', message: /sends email \(contact details\) from "Signup form"/ }],
    },
    {
      name: 'the whole item spread with another field replaced',
      text: chain(form([emailField, notesField]), post("={{ JSON.stringify({ ...$json, notes: 'x' }) }}")),
      expected: [{ covers: '$json', message: /sends email \(contact details\) from "Signup form" \(signup\) \(its whole item/ }],
    },
    {
      name: 'the whole item spread into a nested object whose e-mail is hashed one level down',
      text: chain(form([emailField, notesField]), post('={{ JSON.stringify({ ...$json, meta: { email: $json.email.hash() } }) }}')),
      expected: [{ covers: '$json', message: /sends email \(contact details\) from "Signup form" \(signup\) \(its whole item/ }],
    },
  ]);
});
