// Make adapter, second reading of the header filter (9b2cd4c, 331a29d): a filter that compares with true or false tests
// what a function of the headers returns (contains, exists), not the header's value: anyone who sends the header passes.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMakeFlow } from '../../../server/src/core/formats/make.js';

const hook = { id: 1, module: 'gateway:CustomWebHook', parameters: { hook: 42 }, metadata: { parameters: [{ name: 'hook', type: 'hook:gateway-webhook' }] } };
const filtered = (condition: object) => ({ id: 2, module: 'util:SetVariable2', filter: { name: 'secret ok', conditions: [[condition]] } });
const authOf = (condition: object) => buildMakeFlow({ flow: [hook, filtered(condition)] }).flow!.nodes[0].auth;

describe('Make adapter: a header filter compared with true or false', () => {
  it('is no secret check when the header side is a test of the headers (contains the name: true)', () => {
    assert.equal(authOf({ a: '{{contains(map(1.__IMTHEADERS__; "name"); "x-api-key")}}', o: 'text:equal', b: 'true' }).none, true);
    assert.equal(authOf({ a: 'TRUE', o: 'text:equal:ci', b: '{{contains(map(1.__IMTHEADERS__; "name"); "authorization")}}' }).none, true);
  });
  it('still counts the header value compared with a secret', () => {
    assert.equal(authOf({ a: '{{get(map(1.__IMTHEADERS__; "value"; "name"; "x-api-key"); 1)}}', o: 'text:equal', b: 'c3VwZXItc2VjcmV0' }).none, undefined);
  });
});
