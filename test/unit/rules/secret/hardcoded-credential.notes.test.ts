// Where a secret sits decides how it is reported: text written for people (n8n sticky notes and node notes, Node-RED
// comment nodes and `info` descriptions) is a note, a warning with "delete it from the note"; a node's live
// configuration is an error with the platform's advice. Both sides of each place.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, httpNode, n8nWorkflow } from '../../../helpers/analyze.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';
import { assertRangeCovers } from '../../../helpers/text.js';

const RULE = 'secret/hardcoded-credential';
const OPENAI = 'sk-proj-ey4aey0OU4gI4uce6OKOMaskqwiUqAewoCGaqc0ogq8a6oQAeemG0eKuGgKk';
const GITHUB = 'ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k';

const tab = { id: 't1', type: 'tab', label: 'Orders', disabled: false, info: '' };

const cases: { name: string; text: string; covers: string; place: 'note' | 'config' }[] = [
  // n8n, as before: the reference the Node-RED rows are measured against.
  { name: 'n8n: a sticky note', text: n8nWorkflow([{ name: 'Note', type: 'n8n-nodes-base.stickyNote', parameters: { content: `Test key ${OPENAI}` } }]), covers: OPENAI, place: 'note' },
  { name: "n8n: a node's notes", text: n8nWorkflow([{ ...httpNode([]), notes: `Staging key ${GITHUB}` }]), covers: GITHUB, place: 'note' },
  { name: "n8n: the same node's header", text: n8nWorkflow([httpNode([{ name: 'Authorization', value: `Bearer ${GITHUB}` }])]), covers: GITHUB, place: 'config' },
  // Node-RED: comment nodes, and the info of every element.
  { name: "Node-RED: a comment node's body (info)", text: nodeRedFlow(tab, { id: 'c1', type: 'comment', z: 't1', name: 'How to call the API', info: `Use token ${GITHUB} for now`, x: 100, y: 40, wires: [] }), covers: GITHUB, place: 'note' },
  { name: "Node-RED: a comment node's title (name)", text: nodeRedFlow(tab, { id: 'c1', type: 'comment', z: 't1', name: `key ${OPENAI}`, info: '', x: 100, y: 40, wires: [] }), covers: OPENAI, place: 'note' },
  { name: "Node-RED: a function node's description (info)", text: nodeRedFlow(tab, { id: 'f1', type: 'function', z: 't1', name: 'Sign', func: 'return msg;', info: `Signs with ${GITHUB}`, outputs: 1, x: 300, y: 40, wires: [[]] }), covers: GITHUB, place: 'note' },
  { name: "Node-RED: a tab's description (info)", text: nodeRedFlow({ ...tab, info: `Deploy with ${OPENAI}` }), covers: OPENAI, place: 'note' },
  { name: "Node-RED: a config node's description (info)", text: nodeRedFlow(tab, { id: 'b1', type: 'mqtt-broker', name: 'Broker', broker: 'mqtt.example.com', port: '8883', info: `password ${GITHUB}` }), covers: GITHUB, place: 'note' },
  { name: "Node-RED: the same function node's code", text: nodeRedFlow(tab, { id: 'f1', type: 'function', z: 't1', name: 'Sign', func: `const key = '${GITHUB}';\nreturn msg;`, info: '', outputs: 1, x: 300, y: 40, wires: [[]] }), covers: GITHUB, place: 'config' },
  { name: "Node-RED: a function node's name (only a comment's name is a note)", text: nodeRedFlow(tab, { id: 'f1', type: 'function', z: 't1', name: `call with ${GITHUB}`, func: 'return msg;', outputs: 1, x: 300, y: 40, wires: [[]] }), covers: GITHUB, place: 'config' },
  { name: "Node-RED: an inject node's payload", text: nodeRedFlow(tab, { id: 'i1', type: 'inject', z: 't1', name: 'Go', payload: OPENAI, payloadType: 'str', x: 100, y: 40, wires: [[]] }), covers: OPENAI, place: 'config' },
];

describe(`${RULE}: notes and configuration`, () => {
  for (const c of cases) {
    it(`${c.name} is reported as ${c.place === 'note' ? 'a note' : 'configuration'}`, () => {
      const findings = findingsOf(RULE, c.text);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      const [f] = findings;
      assertRangeCovers(c.text, f.range, c.covers);
      assert.ok(!f.message.includes(c.covers), 'message must not show the secret');
      if (c.place === 'note') {
        assert.match(f.message, /is written in a note\. Notes travel with every export: delete it from the note and rotate it\.$/);
        assert.equal(f.severity, 'warning');
        assert.equal(f.fixes, undefined, 'a note is edited by hand');
      } else {
        assert.match(f.message, /^Hard-coded .*rotate it now/);
        assert.equal(f.severity, 'error');
      }
    });
  }
});
