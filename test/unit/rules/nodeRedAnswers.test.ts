import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNodeRedFlow } from '../../../server/src/core/formats/node-red.js';
import { nodeRedAnswers, type NodeRedAnswers } from '../../../server/src/core/rules/nodeRedAnswers.js';

/** The reading of a tab "t" holding the given nodes (each gets `z: 't'` unless it names its own). */
const answersOf = (...nodes: object[]): NodeRedAnswers => {
  const flow = buildNodeRedFlow([{ id: 't', type: 'tab', label: 'API' }, ...nodes.map((n) => ({ z: 't', x: 1, y: 1, ...n }))]).flow!;
  return nodeRedAnswers({ memo: (_key, compute) => compute() }, flow);
};
const endpoint = (wires: string[]) => ({ id: 'h', type: 'http in', name: 'Order', url: '/order', method: 'post', wires: [wires] });
const request = (id: string, wires: string[]) => ({ id, type: 'http request', name: id, method: 'POST', url: `https://api.example.com/${id}`, wires: [wires] });
const response = (id = 'r', wires: string[] = []) => ({ id, type: 'http response', name: '', wires: [wires] });
const debug = { id: 'd', type: 'debug', wires: [] };
/** Ids of the nodes held by the endpoint "h", sorted. */
const heldByOrder = (a: NodeRedAnswers) => [...a.heldBy].filter(([, hook]) => hook.id === 'h').map(([id]) => id).sort();

describe('nodeRedAnswers', () => {
  it('holds the caller over the nodes between an http in and its http response', () => {
    const a = answersOf(endpoint(['q']), request('q', ['r']), response());
    assert.deepEqual([...a.beforeAnswer].sort(), ['h', 'q', 'r']);
    assert.deepEqual(heldByOrder(a), ['h', 'q', 'r']);
  });

  it('follows a complete node scoped to a request on to the http response it is wired to', () => {
    const a = answersOf(endpoint(['q']), request('q', []), { id: 'c', type: 'complete', name: '', scope: ['q'], wires: [['r']] }, response());
    assert.ok(a.beforeAnswer.has('h'));
    assert.deepEqual(heldByOrder(a), ['c', 'h', 'q', 'r']);
  });

  it('does not follow a catch node: the caller is answered only when the request fails', () => {
    const a = answersOf(endpoint(['q']), request('q', []), { id: 'c', type: 'catch', name: '', scope: ['q'], wires: [['r']] }, response());
    assert.ok(!a.beforeAnswer.has('h'));
    assert.deepEqual(heldByOrder(a), []);
  });

  it('drops the wires an export gives an http response: nothing runs after it while the caller waits', () => {
    const a = answersOf(endpoint(['r']), response('r', ['q']), request('q', ['r2']), response('r2'));
    assert.equal(a.next.get('r'), undefined);
    assert.deepEqual(heldByOrder(a), ['h', 'r']);
  });

  it('stops at a disabled node between the endpoint and its http response', () => {
    const a = answersOf(endpoint(['q']), request('q', ['f']), { id: 'f', type: 'function', func: 'return msg;', d: true, wires: [['r']] }, response());
    assert.ok(!a.beforeAnswer.has('h'));
    assert.equal(a.next.get('q'), undefined);
  });

  it('follows a link out to its link in in the file: no answer there, none at all', () => {
    const a = answersOf(endpoint(['lo']), { id: 'lo', type: 'link out', links: ['li'] }, { id: 'li', type: 'link in', links: ['lo'], wires: [['d']] }, debug);
    assert.ok(!a.beforeAnswer.has('h'));
  });

  it('takes a link out, link call or subflow whose other end is not in the file to answer maybe', () => {
    for (const [name, hop] of [
      ['a link out to a link in elsewhere', { id: 'x', type: 'link out', links: ['elsewhere'] }],
      ['a link call to a link in elsewhere', { id: 'x', type: 'link call', links: ['elsewhere'], linkType: 'static', wires: [['d']] }],
      ['a dynamic link call (msg.target names any link in)', { id: 'x', type: 'link call', links: [], linkType: 'dynamic', wires: [['d']] }],
      ['an instance of a subflow not in the file', { id: 'x', type: 'subflow:gone', wires: [['d']] }],
    ] as const) assert.ok(answersOf(endpoint(['x']), hop, debug).beforeAnswer.has('h'), name);
  });

  it('takes a dynamic link call to answer maybe even when its leftover links name a link in of the file', () => {
    const a = answersOf(endpoint(['x']), { id: 'x', type: 'link call', links: ['li'], linkType: 'dynamic', wires: [['d']] }, { id: 'li', type: 'link in', wires: [['d']] }, debug);
    assert.ok(a.beforeAnswer.has('h'));
  });

  it('does not answer through a subflow defined in the file whose nodes answer nothing', () => {
    const a = answersOf(
      { id: 'sf', type: 'subflow', name: 'Save', in: [{ wires: [{ id: 'sq' }] }], out: [{ wires: [{ id: 'sq', port: 0 }] }] },
      { ...request('sq', []), z: 'sf' },
      endpoint(['s']),
      { id: 's', type: 'subflow:sf', wires: [['d']] },
      debug,
    );
    assert.ok(!a.beforeAnswer.has('h'));
  });

  it('returns from a link call to the nodes wired to it, not into the call again', () => {
    const chain = [{ id: 'li', type: 'link in', wires: [['q']] }, request('q', ['lo']), { id: 'lo', type: 'link out', mode: 'return', links: [] }];
    const answered = answersOf(endpoint(['c']), { id: 'c', type: 'link call', links: ['li'], linkType: 'static', wires: [['r']] }, ...chain, response());
    assert.deepEqual(answered.next.get('lo'), ['r']);
    assert.deepEqual(heldByOrder(answered), ['c', 'h', 'li', 'lo', 'q', 'r']);
    // The call's outputs lead to no answer, so the return-mode link out does not leave the file: nobody is answered.
    const unanswered = answersOf(endpoint(['c']), { id: 'c', type: 'link call', links: ['li'], linkType: 'static', wires: [[]] }, ...chain);
    assert.ok(!unanswered.beforeAnswer.has('h'));
  });

  it('takes a return-mode link out that no link call of the file reaches to return to a caller elsewhere', () => {
    const a = answersOf({ id: 'li', type: 'link in', wires: [['q']] }, request('q', ['lo']), { id: 'lo', type: 'link out', mode: 'return', links: [] });
    assert.ok(a.beforeAnswer.has('q'));
  });
});
