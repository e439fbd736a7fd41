import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, httpNode, n8nWorkflow } from '../../../helpers/analyze.js';
import { assertRangeCovers } from '../../../helpers/text.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'secret/exposed-webhook-url';
const SLACK = 'https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/AbCdEfGhIjKlMnOpQrStUvWx';
const LOGIC_APP = 'https://prod-12.westus.logic.azure.com:443/workflows/0a1b2c3d/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3Ab4';

describe(RULE, () => {
  it('reports a Slack incoming webhook URL on the URL itself', () => {
    const text = n8nWorkflow([httpNode([], { url: SLACK })]);
    const [f] = findingsOf(RULE, text);
    assertRangeCovers(text, f.range, SLACK);
    assert.match(f.message, /^Slack incoming webhook URL in "url" of node "Call API" \(http…\): anyone who has this URL can post/);
    assert.equal(f.severity, 'error');
    assert.deepEqual(findingsOf('secret/hardcoded-credential', text), []);
  });

  it('reports only the signature of a Logic Apps trigger URL, which starts the flow', () => {
    const text = n8nWorkflow([httpNode([], { url: LOGIC_APP })]);
    const [f] = findingsOf(RULE, text);
    assertRangeCovers(text, f.range, 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3Ab4');
    assert.match(f.message, /^Azure shared access signature \(sig=\) in "url" of node "Call API" \(Ab1C…\): anyone who has this URL can start the flow/);
  });

  it('reports a storage SAS with no path before the query, and one in a connection string, saying what a SAS grants', () => {
    const sig = 'Qw7Er5Ty3Ui1Op9As7Df5Gh3Jk1Lz9Xc7Vb5Nm3Qw1%3D';
    const account = `https://contosoexports.blob.core.windows.net?sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2030-01-01&sig=${sig}`;
    const connection = `BlobEndpoint=https://contosoexports.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01&sig=${sig}`;
    const text = n8nWorkflow([httpNode([], { url: account }), { name: 'Blob', type: 'n8n-nodes-base.azureStorage', parameters: { connectionString: connection } }]);
    const findings = findingsOf(RULE, text);
    assert.equal(findings.length, 2, findings.map((f) => f.message).join('\n'));
    findings.forEach((f, i) => {
      assertRangeCovers(text, f.range, sig, i);
      assert.match(f.message, /: anyone who has it can use the resource it signs \(a storage account, container, blob, queue or Service Bus entity\) with the permissions signed into it/);
      assert.doesNotMatch(f.message, /post as this integration/);
    });
    assert.match(findings[1].message, /in "connectionString" of node "Blob"/);
  });

  it('reports the literal signature of a flow trigger URL whose path holds an expression (Power Automate calling a child flow)', () => {
    const uri = LOGIC_APP.replace('/workflows/0a1b2c3d/', "/workflows/@{parameters('ChildFlowId')}/");
    const text = paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } }, { Run_child: { type: 'Http', inputs: { method: 'POST', uri, body: {} }, runAfter: {} } });
    const findings = findingsOf(RULE, text);
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    assertRangeCovers(text, findings[0].range, 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3Ab4');
    assert.match(findings[0].message, /^Azure shared access signature \(sig=\) in "uri" of node "Run_child" \(Ab1C…\): anyone who has this URL can start the flow/);
    const templated = paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } }, { Run_child: { type: 'Http', inputs: { method: 'POST', uri: `${LOGIC_APP.slice(0, LOGIC_APP.indexOf('sig=') + 4)}@{parameters('ChildFlowSig')}`, body: {} }, runAfter: {} } });
    assert.deepEqual(findingsOf(RULE, templated), []);
  });

  it('stays quiet on documentation links and templated URLs', () => {
    for (const url of ['https://api.slack.com/messaging/webhooks', 'https://hooks.slack.com/services/XXX/YYY/ZZZ', '={{ $env.SLACK_WEBHOOK }}']) {
      assert.deepEqual(findingsOf(RULE, n8nWorkflow([httpNode([], { url })])), [], url);
    }
  });
});
