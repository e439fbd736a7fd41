import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint, nodeRedFlow, zapierExport } from '../../../helpers/platformDocs.js';
import { paSolutionFlow } from '../../../helpers/wdl.js';

const RULE = 'supply-chain/unvetted-node';

const cases: FlowCase[] = [
  {
    name: 'community n8n nodes, grouped by package',
    text: n8nFlow([
      { name: 'Subscribe', type: 'n8n-nodes-klicktipp.klicktipp', parameters: {} },
      { name: 'Tag', type: 'n8n-nodes-klicktipp.klicktipp', parameters: {} },
    ]),
    expected: [{ covers: '"n8n-nodes-klicktipp.klicktipp"', severity: 'warning', message: /^2 nodes \("Subscribe", "Tag"\) come from the community package n8n-nodes-klicktipp, not from n8n/, related: 1 }],
  },
  {
    name: 'an n8n Execute Command node and an SSH node',
    text: n8nFlow([{ name: 'Shell', type: 'executeCommand', parameters: { command: 'ls' } }, { name: 'Remote', type: 'ssh', parameters: { command: 'df' } }]),
    expected: [
      { covers: '"n8n-nodes-base.executeCommand"', message: /^"Shell" runs shell commands on the n8n host/ },
      { covers: '"n8n-nodes-base.ssh"', message: /^"Remote" runs shell commands on a remote host over SSH/ },
    ],
  },
  {
    name: 'n8n code steps (one info for the flow) and one that loads a package',
    text: n8nFlow([
      { name: 'Map', type: 'code', parameters: { jsCode: 'return $input.all();' } },
      { name: 'Shape', type: 'code', parameters: { jsCode: "const crypto = require('crypto');\nreturn [];" } },
      { name: 'Cluster', type: 'code', parameters: { jsCode: "const _ = require('lodash');\nreturn [];" } },
    ]),
    expected: [
      { covers: '"n8n-nodes-base.code"', nth: 2, severity: 'warning', message: /^"Cluster" loads lodash into its code/ },
      { covers: '"n8n-nodes-base.code"', severity: 'info', message: /^2 code steps \("Map", "Shape"\) run JavaScript or Python/ },
    ],
  },
  {
    name: 'n8n code steps whose comments and strings mention modules (corpus: "Query-1 Combined", "Set input data", "Format Query Context") as code steps only',
    text: n8nFlow([
      { name: 'Combine', type: 'code', parameters: { jsCode: '// Access the JSON data from "Query 1" node\nreturn $input.all();' } },
      { name: 'Inputs', type: 'code', parameters: { jsCode: "const tool = { \"description\": \"Notion page id from 'Search notion database' tool results\" };\nreturn [{ json: tool }];" } },
      { name: 'Context', type: 'code', parameters: { jsCode: "let ctx = '';\nfor (const e of edu) ctx += '  - ' + (e.degree || '') + ' from ' + (e.institution || '');\nreturn [{ json: { ctx } }];" } },
    ]),
    expected: [{ covers: '"n8n-nodes-base.code"', severity: 'info', message: /^3 code steps \("Combine", "Inputs", "Context"\) run JavaScript or Python/, related: 2 }],
  },
  {
    name: 'n8n JavaScript that imports packages beside built-ins, with NODE_FUNCTION_ALLOW_EXTERNAL',
    text: n8nFlow([{ name: 'Sign', type: 'code', parameters: { jsCode: "const fs = require('fs');\nconst forge = require('node-forge');\nimport { SignPdf } from '@signpdf/signpdf';\nreturn [];" } }]),
    expected: [{ covers: '"n8n-nodes-base.code"', severity: 'warning', message: /^"Sign" loads node-forge, @signpdf\/signpdf into its code: packages installed on the n8n host \(NODE_FUNCTION_ALLOW_EXTERNAL\)/ }],
  },
  {
    name: 'n8n AI Transform, whose code (written by a model) loads a package',
    text: n8nFlow([{ name: 'Reshape', type: 'aiTransform', parameters: { instructions: 'group by customer', jsCode: "const _ = require('lodash');\nreturn _.groupBy($input.all(), 'json.customer');" } }]),
    expected: [{ covers: '"n8n-nodes-base.aiTransform"', severity: 'warning', message: /^"Reshape" loads lodash into its code/ }],
  },
  {
    name: 'the LangChain Code node loading a package in its execute code (LangChain itself ships with it)',
    text: n8nFlow([{ name: 'Custom chain', type: '@n8n/n8n-nodes-langchain.code', parameters: { code: { execute: { code: "const { PromptTemplate } = require('@langchain/core/prompts');\nconst axios = require('axios');\nreturn [];" } } } }]),
    expected: [{ covers: '"@n8n/n8n-nodes-langchain.code"', severity: 'warning', message: /^"Custom chain" loads axios into its code: packages installed on the n8n host \(NODE_FUNCTION_ALLOW_EXTERNAL\)/ }],
  },
  {
    name: 'the LangChain Code node that loads only LangChain (info: a code step)',
    text: n8nFlow([{ name: 'Custom model', type: '@n8n/n8n-nodes-langchain.code', parameters: { code: { supplyData: { code: "const { ChatOpenAI } = require('@langchain/openai');\nreturn new ChatOpenAI();" } } } }]),
    expected: [{ covers: '"@n8n/n8n-nodes-langchain.code"', severity: 'info', message: /^"Custom model" runs JavaScript or Python written into the workflow/ }],
  },
  {
    name: 'n8n Python on the task runner that imports third-party packages, with the runner\'s setting',
    text: n8nFlow([{ name: 'Cluster', type: 'code', parameters: { language: 'pythonNative', pythonCode: 'import numpy as np\nfrom sklearn.cluster import KMeans\nimport json\nreturn items' } }]),
    expected: [{ covers: '"n8n-nodes-base.code"', severity: 'warning', message: /^"Cluster" imports numpy, sklearn: third-party Python packages, not the standard library, .*N8N_RUNNERS_EXTERNAL_ALLOW\. Record and pin them/ }],
  },
  {
    // Corpus K-means nodes: language "python" is Pyodide, which fetches imported packages from its index at first run.
    name: 'n8n Pyodide Python that imports third-party packages',
    text: n8nFlow([{ name: 'Cluster', type: 'code', parameters: { language: 'python', pythonCode: 'import numpy as np\nfrom sklearn.cluster import KMeans\nreturn items' } }]),
    expected: [{ covers: '"n8n-nodes-base.code"', severity: 'warning', message: /^"Cluster" imports numpy, sklearn: third-party Python packages, not the standard library, that run with the workflow's data\. n8n's Pyodide Python downloads what the code imports from Pyodide's package index when it first runs/ }],
  },
  {
    name: 'n8n Python that installs packages with micropip (corpus: "Extract Meta" listed asyncio)',
    text: n8nFlow([{ name: 'Extract', type: 'code', parameters: { language: 'python', pythonCode: 'import asyncio\nimport micropip\nasync def install():\n  await micropip.install("beautifulsoup4")\nasyncio.get_event_loop().run_until_complete(install())\nfrom bs4 import BeautifulSoup\nreturn items' } }]),
    expected: [{ covers: '"n8n-nodes-base.code"', severity: 'warning', message: /^"Extract" imports bs4 and installs beautifulsoup4 from PyPI each time it runs \(micropip\.install\): third-party Python packages/ }],
  },
  {
    name: 'n8n Python that imports the standard library only (corpus: "Save to Database" imports sqlite3) as a code step',
    text: n8nFlow([{ name: 'Save', type: 'code', parameters: { language: 'python', pythonCode: 'import sqlite3\nimport json\nfrom datetime import datetime\n# import pandas\nreturn items' } }]),
    expected: [{ covers: '"n8n-nodes-base.code"', severity: 'info', message: /^"Save" runs JavaScript or Python written into the workflow/ }],
  },
  {
    name: 'Node-RED exec, a function with external modules and contributed nodes',
    text: nodeRedFlow(
      { id: 'e', type: 'exec', name: 'Backup', command: 'tar czf /tmp/b.tgz /data', x: 1, y: 1, wires: [[], [], []] },
      { id: 'f', type: 'function', name: 'Fetch', func: 'return msg;', libs: [{ var: 'axios', module: 'axios' }], x: 1, y: 1, wires: [[]] },
      { id: 'h', type: 'api-call-service', name: 'Lights', x: 1, y: 1, wires: [[]] },
      { id: 'h2', type: 'api-call-service', name: 'Heating', x: 1, y: 1, wires: [[]] },
    ),
    expected: [
      { covers: '"exec"', message: /^"Backup" runs tar on the Node-RED host/ },
      { covers: '[{"var":"axios","module":"axios"}]', message: /^"Fetch" loads axios into its code/ },
      { covers: '"api-call-service"', severity: 'info', message: /^This flow uses 1 node type that Node-RED does not ship \(api-call-service\)/ },
    ],
  },
  {
    name: 'a Power Automate custom connector and inline code',
    text: paSolutionFlow({ manual: { type: 'Request', kind: 'Button', inputs: {} } }, {
      Call_partner: { type: 'OpenApiConnection', inputs: { host: { connectionName: 'shared_contoso-20api-5f1234567890abcd-5f1234567890abcd', operationId: 'Get' } }, runAfter: {} },
      Script: { type: 'JavaScriptCode', inputs: { code: 'return 1;' }, runAfter: {} },
    }),
    expected: [
      { covers: '"Call_partner"', severity: 'warning', message: /^"Call_partner" uses Custom connector "contoso api"/ },
      { covers: '"Script"', severity: 'info', message: /^"Script" runs custom code/ },
    ],
  },
  // Logic Apps custom connectors are `Microsoft.Web/customApis` resources, named in `$connections` (the portal's code view
  // puts it under `parameters`).
  ...([
    ['beside the definition', '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Web/customApis/contoso-orders-api'],
    ['under parameters', '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Web/customApis/contoso-orders-api'],
    ['beside the definition, its id an ARM resourceId()', "[resourceId('Microsoft.Web/customApis', 'contoso-orders-api')]"],
  ] as const).map(([where, apiId]): FlowCase => {
    const connections = { value: {
      contosoorders: { connectionId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Web/connections/contosoorders', connectionName: 'contosoorders', id: apiId },
      office365: { connectionId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Web/connections/office365', connectionName: 'office365', id: '/subscriptions/0/providers/Microsoft.Web/locations/westeurope/managedApis/office365' },
    } };
    const definition = {
      $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
      contentVersion: '1.0.0.0',
      triggers: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Hour', interval: 1 } } },
      actions: {
        Create_order: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['contosoorders']['connectionId']" } }, method: 'post', path: '/orders' }, runAfter: {} },
        Send_mail: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['office365']['connectionId']" } }, method: 'post', path: '/v2/Mail' }, runAfter: { Create_order: ['Succeeded'] } },
      },
    };
    return {
      name: `a Logic Apps custom connector (customApis), $connections ${where}`,
      text: JSON.stringify(where.startsWith('beside') ? { definition, $connections: connections } : { definition, parameters: { $connections: connections } }, null, 2),
      expected: [{ covers: '"Create_order"', severity: 'warning', message: /^"Create_order" uses Custom connector "contoso-orders-api"/ }],
    };
  }),
  {
    name: 'a Make code module',
    text: makeBlueprint({ id: 1, module: 'code:ExecuteCode', version: 1, mapper: { code: 'return 1' }, metadata: { designer: { name: 'Compute' } } }),
    expected: [{ covers: '"code:ExecuteCode"', severity: 'info', message: /^"Compute" runs code written into the scenario/ }],
  },
  {
    name: 'a Zapier private app',
    text: zapierExport({ '1': { id: 1, parent_id: null, selected_api: 'App123456CLIAPI@1.0.0', action: 'new_item', params: {}, title: 'Internal tool' } }),
    expected: [{ covers: '"1"', message: /^"Internal tool" uses App123456, an app built on Zapier's developer platform \(a private integration, or a partner's\), not one of Zapier's own: / }],
  },
  {
    name: 'only built-in nodes',
    text: n8nFlow([{ name: 'Hook', type: 'webhook' }, { name: 'Sheets', type: 'googleSheets' }, { name: 'Agent', type: '@n8n/n8n-nodes-langchain.agent' }]),
    expected: [],
  },
];

describe(RULE, () => runFlowTable(RULE, cases));
