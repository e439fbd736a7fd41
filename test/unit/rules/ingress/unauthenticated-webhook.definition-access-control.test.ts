// A Consumption definition saved with its access control beside it (`{ definition, parameters, accessControl }`, the
// workflow resource's properties) holds the caller settings: they are read as in an ARM template, not reported as kept
// outside the export.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../../helpers/analyze.js';

const RULE = 'ingress/unauthenticated-webhook';
const WDL_SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';
const definition = { $schema: WDL_SCHEMA, contentVersion: '1.0.0.0', triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } }, actions: {} };
const wrapper = (accessControl?: object) => JSON.stringify({ definition, parameters: { $connections: { value: {} } }, ...(accessControl ? { accessControl } : {}) }, null, 2);
const found = (text: string) => findingsOf(RULE, text);

describe(`${RULE}: a definition with its access control beside it`, () => {
  it('reads allowed caller IP ranges beside the definition as restricting the callers', () => {
    assert.deepEqual(found(wrapper({ triggers: { allowedCallerIpAddresses: [{ addressRange: '10.0.0.0/8' }] } })).map((f) => f.message), []);
  });
  it('reads OAuth beside a working SAS key as such: a warning on the policies', () => {
    const text = wrapper({ triggers: { openAuthenticationPolicies: { policies: { entra: { type: 'AAD', claims: [{ name: 'iss', value: 'https://sts.windows.net/tenant-id/' }] } } } } });
    const [f, ...rest] = found(text);
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.match(text.slice(f.range.start, f.range.end), /openAuthenticationPolicies/);
  });
  it('reads OAuth with SAS turned off as restricting the callers', () => {
    const policies = { entra: { type: 'AAD', claims: [{ name: 'iss', value: 'https://sts.windows.net/tenant-id/' }] } };
    assert.deepEqual(found(wrapper({ triggers: { openAuthenticationPolicies: { policies }, sasAuthenticationPolicy: { state: 'Disabled' } } })).map((f) => f.message), []);
  });
  it('still asks to confirm the settings when the definition comes without them', () => {
    assert.deepEqual(found(wrapper()).map((f) => f.severity), ['info']);
  });
});
