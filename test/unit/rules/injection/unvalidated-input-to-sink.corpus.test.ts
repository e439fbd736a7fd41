// The chain rule on real exports (../shared/corpus, read in place): known chains are found with every hop, a flow whose
// author validated the input is left alone, and no real flow makes the engine give up.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../../server/src/core/index.js';
import { TODAY } from '../../../helpers/analyze.js';
import { corpusEntries, hasCorpus, readCorpus } from '../../../helpers/corpus.js';

const RULE = 'injection/unvalidated-input-to-sink';

function findings(path: string) {
  return analyze({ uri: `file:///corpus/${path}`, path, text: readCorpus(path) }, { today: TODAY }).findings.filter((f) => f.ruleId === RULE);
}

const KNOWN: { path: string; messages: RegExp[] }[] = [
  {
    path: 'n8n/enescingoz__awesome-n8n-templates/devops/docker-compose-controller.json',
    messages: [/^Command injection: the shell command of "Start" is built from params\.service of "Webhook"/, /^Command injection: the shell command of "Stop" is built from params\.service of "Webhook"/],
  },
  {
    path: 'logicapps/Azure__logicapps/ai-sample/SampleAIWorkflows/ingest-data/workflow.json',
    messages: [/^Server-side request forgery \(SSRF\): the host of the request URL of "HTTP" comes from body\.fileUrl of "When_a_HTTP_request_is_received"/],
  },
  {
    path: 'n8n/Zie619__n8n-workflows/workflows/Executeworkflow/0872_Executeworkflow_Executecommandtool_Create_Triggered.json',
    messages: [
      /^Command injection: the shell command of "ListDirectory" is built from the input of "FileSystem MCP Server" \([^)]*\) \(an AI agent writes it from that input\)/,
      /^Command injection: the shell command of "CreateDirectory"/,
      // The MCP server's ReadFiles/WriteFiles tools call this same workflow: the file names they pass reach `cat` and `echo >`;
      // which tool's call reaches which command a Switch decides at run time, so both are named.
      /^Command injection: the shell command of "readOneOrMultipleFiles" is built from filenames of "When Executed by Another Workflow" \(this workflow calls itself through "ReadFiles" or "WriteFiles", which untrusted input drives\)/,
      /^Command injection: the shell command of "writeOneOrMultipleFiles" is built from filenames of "When Executed by Another Workflow"/,
      /^Command injection: the shell command of "SearchDirectory"/,
    ],
  },
  {
    path: 'n8n/Zie619__n8n-workflows/workflows/Webhook/0165_Webhook_Respondtowebhook_Create_Webhook.json',
    messages: [/^Server-side request forgery \(SSRF\): the host of the request URL of "Respond to Slack" comes from body\.response_url/],
  },
  {
    path: 'n8n/enescingoz__awesome-n8n-templates/Database_and_Storage/MongoDB AI Agent - Intelligent Movie Recommendations.json',
    messages: [/^NoSQL operator injection: the query document of "MongoDBAggregate" is built from chatInput of "When chat message received", via "AI Agent - Movie Recommendation" \(an AI agent writes it from that input\)/],
  },
];

describe(`${RULE} on the corpus`, { skip: !hasCorpus && 'no ../shared/corpus' }, () => {
  for (const known of KNOWN) {
    it(`finds the chains of ${known.path.split('/').pop()}`, () => {
      const found = findings(known.path);
      assert.equal(found.length, known.messages.length, found.map((f) => f.message).join('\n'));
      known.messages.forEach((m, i) => assert.match(found[i].message, m));
      for (const f of found) assert.ok((f.related?.length ?? 0) >= 2, 'source and sink at least');
    });
  }

  it('leaves alone a command whose input the author checks with a strict regex first (IF1 on query.q)', () => {
    assert.deepEqual(findings('n8n/Zie619__n8n-workflows/workflows/Executecommand/0097_Executecommand_Mailgun_Automation_Webhook.json'), []);
  });

  it("leaves alone values the app fills in itself (Telegram's numeric user id, Instagram's image URL)", () => {
    assert.deepEqual(findings('n8n/Zie619__n8n-workflows/workflows/Telegram/0201_Telegram_Executecommand_Process_Webhook.json'), []);
    assert.deepEqual(findings('logicapps/Azure__logicapps/templates/instagram-to-twitter.json'), []);
  });

  it('leaves alone an id put into the path of a fixed-host URL, even when that URL is fetched later', () => {
    assert.deepEqual(findings('n8n/Zie619__n8n-workflows/workflows/Webhook/1612_Webhook_Code_Automate_Webhook.json'), []);
  });

  it('follows every real flow to the end within its budget, without an error', () => {
    const gaveUp: string[] = [];
    let flows = 0;
    for (const entry of corpusEntries()) {
      const result = analyze({ uri: `file:///corpus/${entry.path}`, path: entry.path, text: readCorpus(entry.path) }, { today: TODAY });
      if (!result.flow) continue;
      flows++;
      for (const f of result.findings) {
        assert.ok(!/could not finish/.test(f.message), `${entry.path}: ${f.message}`);
        if (f.ruleId === RULE && f.severity === 'info') gaveUp.push(entry.path);
      }
    }
    assert.ok(flows > 1000, `${flows} flows`);
    assert.deepEqual(gaveUp, []);
  });
});
