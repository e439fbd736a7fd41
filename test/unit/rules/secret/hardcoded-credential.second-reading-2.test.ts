// Second reading of the secret rules' changes of 65cc47e (quoted literals of a Power Automate / Logic Apps expression
// in a secret-named field read as its value) and eea5016 (new formats). A literal in such an expression is the
// field's value only where the expression outputs it (`concat`, `if`'s branches, `coalesce`, `base64`, ...): the text
// compared with (`equals(parameters('Tenant'), 'contoso-prod-01')`), searched for (`contains`, `split`, `replace`'s
// old text), a date or number format (`formatDateTime(utcNow(), 'yyyy-MM-ddTHH:mm:ssZ')`), an XPath and a query
// fragment naming something public (`'&skn=RootManageSharedAccessKey'` in a SAS token built by concat) are not.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../../helpers/analyze.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'secret/hardcoded-credential';
const LITERAL = 'q8Zr2LmX7vTn4KpW9sYc'; // made up

const manual = { manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } };
const paHttp = (headers: Record<string, string>) => paSolutionFlow(manual, { Call_API: { type: 'Http', inputs: { method: 'POST', uri: 'https://api.example.com/v1', headers }, runAfter: {} } });

const quiet: { name: string; header: string; value: string }[] = [
  {
    name: 'an environment name compared to choose the key',
    header: 'x-api-key',
    value: "@if(equals(parameters('Tenant'), 'contoso-prod-01'), parameters('OrdersKeyProd'), parameters('OrdersKeyTest'))",
  },
  {
    name: 'a scope searched for in a list',
    header: 'Authorization',
    value: "@{if(contains(variables('grantedScopes'), 'Mail.ReadWrite'), concat('Bearer ', body('Get_token')?['access_token']), '')}",
  },
  {
    name: 'a date format',
    header: 'x-auth-token',
    value: "@{concat(parameters('ClientId'), ':', formatDateTime(utcNow(), 'yyyy-MM-ddTHH:mm:ssZ'))}",
  },
  {
    name: 'an XPath reading the token out of a SOAP answer',
    header: 'Authorization',
    value: "@{concat('Bearer ', xpath(xml(body('Login')), 'string(//*[local-name()=\"SessionToken\"])'))}",
  },
  {
    name: 'the text a token is split on',
    header: 'Authorization',
    value: "@{concat('Bearer ', last(split(body('Login')?['location'], '#access_token=')))}",
  },
  {
    name: 'the old text of a replace',
    header: 'Authorization',
    value: "@{replace(body('Get_token')?['value'], 'legacy-prefix-v1', 'Bearer ')}",
  },
  {
    name: "a Service Bus SAS token's key name in a query fragment",
    header: 'Authorization',
    value: "@{concat('SharedAccessSignature sr=', encodeUriComponent(parameters('QueueUri')), '&sig=', encodeUriComponent(body('Sign')?['signature']), '&se=', variables('expiry'), '&skn=RootManageSharedAccessKey')}",
  },
];

const reported: { name: string; header: string; value: string }[] = [
  { name: "a literal in if's branch", header: 'x-api-key', value: `@if(equals(parameters('Tenant'), 'contoso-prod-01'), '${LITERAL}', parameters('OrdersKeyTest'))` },
  { name: 'the new text of a replace', header: 'Authorization', value: `@{replace(parameters('Template'), '{token}', '${LITERAL}')}` },
  { name: 'a literal after a comparison in concat', header: 'Authorization', value: `@{concat(if(equals(parameters('Env'), 'contoso-prod-01'), 'Bearer ', 'Token '), '${LITERAL}')}` },
  { name: 'the text a literal is split out of', header: 'Authorization', value: `@{concat('Bearer ', first(split('${LITERAL}', ';')))}` },
  { name: 'a secret in a query fragment', header: 'Authorization', value: `@{concat('SharedAccessSignature sr=', parameters('QueueUri'), '&api_key=${LITERAL}')}` },
];

describe(`${RULE} (second reading 2: literals of a workflow expression that are not the field's value)`, () => {
  for (const c of quiet) {
    it(`stays quiet on ${c.name}`, () => {
      assert.deepEqual(findingsOf(RULE, paHttp({ [c.header]: c.value })).map((f) => f.message), []);
    });
  }

  for (const c of reported) {
    it(`still reports ${c.name}`, () => {
      const text = paHttp({ [c.header]: c.value });
      const findings = findingsOf(RULE, text);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      assertRangeCovers(text, findings[0].range, LITERAL);
      assert.ok(!findings[0].message.includes(LITERAL), 'message must not show the secret');
    });
  }

  it('a Node-RED JSONata value: a compared text is no secret, a literal branch is', () => {
    const change = (to: string) => nodeRedFlow({ id: 'c1', type: 'change', z: 't1', name: 'Auth', rules: [{ t: 'set', p: 'headers.authorization', pt: 'msg', to, tot: 'jsonata' }], wires: [[]] });
    assert.deepEqual(findingsOf(RULE, change('$contains(payload.scopes, "Mail.ReadWrite") ? "Bearer " & payload.token : ""')).map((f) => f.message), []);
    assert.equal(findingsOf(RULE, change(`$exists(payload.token) ? "Bearer " & payload.token : "Bearer ${LITERAL}"`)).length, 1);
  });
});
