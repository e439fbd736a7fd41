import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusEntries, hasCorpus, readCorpus } from '../../../helpers/corpus.js';
import { flowFindings, n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { makeBlueprint } from '../../../helpers/platformDocs.js';
import { assertRangeCovers, joinLines } from '../../../helpers/text.js';
import { laStandardWorkflow } from '../../../helpers/wdl.js';
import { TestWorkspace } from '../../../helpers/workspace.js';

const RULE = 'privacy/sensitive-data-to-third-party';

const contacts = { name: 'Get contacts', type: 'hubspot', parameters: { resource: 'contact', operation: 'getAll' }, credentials: { hubspotApi: { id: '1', name: 'HubSpot' } } };
const form = { name: 'Signup', type: 'formTrigger', parameters: { path: 'signup', formFields: { values: [{ fieldLabel: 'Email' }] } } };
const openAi = (content: string) => ({ name: 'Summarise', type: '@n8n/n8n-nodes-langchain.openAi', parameters: { resource: 'text', messages: { values: [{ content }] } } });
const agent = (text: string) => ({ name: 'Agent', type: '@n8n/n8n-nodes-langchain.agent', parameters: { promptType: 'define', text } });
const lead = { name: 'Lead', type: 'webhook', parameters: { path: 'lead', httpMethod: 'POST' } };
const setPrompt = (value: string) => ({ name: 'Build prompt', type: 'set', parameters: { assignments: { assignments: [{ name: 'prompt', type: 'string', value }] } } });
const code = (jsCode: string) => ({ name: 'Prompt', type: 'code', parameters: { mode: 'runOnceForEachItem', jsCode } });
const httpPost = (url: string, jsonBody: string) => ({ name: 'Send', type: 'httpRequest', parameters: { method: 'POST', url, sendBody: true, specifyBody: 'json', jsonBody } });

const cases: FlowCase[] = [
  {
    name: 'a CRM contact e-mail in a prompt to OpenAI (direct)',
    text: n8nFlow([contacts, openAi('=Write a greeting for {{ $json.properties.email }}')], [['Get contacts', 'Summarise']]),
    expected: [{ covers: '$json.properties.email', severity: 'warning', message: /^Personal data goes to an AI model provider \(OpenAI\) unmasked: "Summarise" sends email \(contact details\) from "Get contacts"\. If the service does not need the value itself, send an id or a hash instead; if it does \(a lookup, a delivery\), record the transfer/, related: 2 }],
  },
  {
    name: 'a form phone number through a Set step to an analytics API',
    text: n8nFlow([
      form,
      { name: 'Shape', type: 'set', parameters: { assignments: { assignments: [{ name: 'contact', value: '={{ $json.phoneNumber }}' }] } } },
      httpPost('https://api.segment.io/v1/identify', '={{ JSON.stringify({ traits: { contact: $json.contact } }) }}'),
    ], [['Signup', 'Shape'], ['Shape', 'Send']]),
    expected: [{ covers: '$json.contact', message: /^Personal data goes to an analytics service \(api\.segment\.io\) unmasked: "Send" sends phoneNumber \(contact details\) from "Signup" \(signup\), via "Shape"/, related: 3 }],
  },
  {
    name: 'sheet rows in a loop into an AI agent with a hosted model',
    text: n8nFlow([
      { name: 'Rows', type: 'googleSheets', parameters: { operation: 'read' } },
      { name: 'Loop', type: 'splitInBatches', parameters: {} },
      agent('=Qualify the lead {{ $json["Email Address"] }} from {{ $json.Company }}'),
      { name: 'Model', type: '@n8n/n8n-nodes-langchain.lmChatAnthropic', parameters: {} },
    ], [['Rows', 'Loop'], ['Loop', 'Agent'], ['Agent', 'Loop'], ['Model', 'Agent', 'ai_languageModel']]),
    expected: [{ covers: '$json[\\"Email Address\\"]', message: /goes to an AI model provider \(Anthropic\) unmasked: "Agent" sends Email Address \(contact details\) from "Rows", via "Loop"/ }],
  },
  {
    // `cc_number` holds no word of the text prefilter as written (`ccnum`); names are compared without separators.
    name: 'a card number spelled apart, from a GET webhook to OpenAI',
    text: n8nFlow([
      { name: 'Signup', type: 'webhook', parameters: { path: 'signup', httpMethod: 'GET' } },
      openAi('=Summarise {{ $json.query.cc_number }}'),
    ], [['Signup', 'Summarise']]),
    expected: [{ covers: '$json.query.cc_number', message: /"Summarise" sends cc_number \(payment card data\) from "Signup"/ }],
  },
  {
    // Some exporters escape characters: the file's text then holds em\u0061il, not email (and no "POST" to pass the look).
    name: 'a field name written with a JSON escape, from a GET webhook to OpenAI',
    text: n8nFlow([
      { name: 'Signup', type: 'webhook', parameters: { path: 'signup', httpMethod: 'GET' } },
      openAi('=Summarise {{ $json.query.email }}'),
    ], [['Signup', 'Summarise']]).replace('query.email', 'query.em\\u0061il'),
    expected: [{ covers: '$json.query.em\\u0061il', message: /"Summarise" sends email \(contact details\) from "Signup"/ }],
  },
  {
    name: 'an e-mail to a generic external endpoint (info)',
    text: n8nFlow([form, httpPost('https://api.enrich.example.com/v1/person', '={{ JSON.stringify({ email: $json.email }) }}')], [['Signup', 'Send']]),
    expected: [{ covers: '$json.email', severity: 'info', message: /^Personal data goes to an external HTTP endpoint \(api\.enrich\.example\.com\)/ }],
  },
  {
    name: 'a Logic Apps request field posted to the OpenAI API',
    text: laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, {
      Ask: { type: 'Http', inputs: { method: 'POST', uri: 'https://api.openai.com/v1/chat/completions', body: { messages: [{ role: 'user', content: "Summarise the account of @{triggerBody()?['dateOfBirth']}" }] } }, runAfter: {} },
    }),
    expected: [{ covers: "triggerBody()?['dateOfBirth']", message: /goes to an AI model provider \(api\.openai\.com\) unmasked: "Ask" sends dateOfBirth \(a date of birth\) from "manual"/ }],
  },
  {
    name: 'a Make webhook e-mail into a Mailchimp module',
    text: makeBlueprint(
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Lead' } } },
      { id: 2, module: 'mailchimp:ActionAddUpdateSubscriber', version: 1, parameters: { __IMTCONN__: 5 }, mapper: { email_address: '{{1.email}}' }, metadata: { designer: { name: 'Subscribe' } } },
    ),
    expected: [{ covers: '1.email', message: /goes to a marketing service \(Mailchimp\) unmasked: "Subscribe" sends email.*\. A marketing service needs the address to reach the person: check they consented, then record the transfer/ }],
  },
  // A value built on the way: a prompt holding a field's text as written discloses it.
  {
    name: 'an e-mail and phone a Set step fills into a prompt, sent to OpenAI',
    text: n8nFlow([lead, setPrompt('=Customer {{ $json.body.email }} (phone {{ $json.body.phone.trim() }}) asked: {{ $json.body.question }}'), openAi('={{ $json.prompt }}')], [['Lead', 'Build prompt'], ['Build prompt', 'Summarise']]),
    expected: [{ covers: '$json.prompt', message: /"Summarise" sends email, phone \(contact details\) from "Lead" \(POST lead\) \(body\.email\), via "Build prompt"/, related: 3 }],
  },
  {
    name: 'an e-mail joined to text with + in a Set step',
    text: n8nFlow([lead, setPrompt("={{ 'Customer ' + $json.body.email }}"), openAi('={{ $json.prompt }}')], [['Lead', 'Build prompt'], ['Build prompt', 'Summarise']]),
    expected: [{ covers: '$json.prompt', message: /sends email \(contact details\)/ }],
  },
  {
    // The field as a whole operand of a `+` chain that is a whole expression: after a ternary, before text functions,
    // code ending a line without a `;`.
    name: 'an e-mail joined to text with + among other operands, in a Set step and in code',
    text: n8nFlow([
      lead,
      setPrompt("={{ ($json.body.vip ? 'VIP ' : '') + 'Customer ' + $json.body.email.trim() + ', ' + $json.body.name }}"),
      openAi('={{ $json.prompt }}'),
      code("const prompt = 'Customer ' + $json.body.email\nreturn { json: { prompt } }"),
      { ...openAi('={{ $json.prompt }}'), name: 'Answer' },
    ], [['Lead', 'Build prompt'], ['Build prompt', 'Summarise'], ['Lead', 'Prompt'], ['Prompt', 'Answer']]),
    expected: [{ covers: '$json.prompt', message: /"Summarise" sends email/ }, { covers: '$json.prompt', nth: 1, message: /"Answer" sends email/ }],
  },
  {
    name: 'an e-mail a Set step writes into JSON text under the key sent on',
    text: n8nFlow([lead, { name: 'Build prompt', type: 'set', parameters: { mode: 'raw', jsonOutput: '={ "prompt": "Customer {{ $json.body.email }}", "count": {{ $json.body.items.length }} }' } }, openAi('={{ $json.prompt }}')], [['Lead', 'Build prompt'], ['Build prompt', 'Summarise']]),
    expected: [{ covers: '$json.prompt', message: /sends email \(contact details\)/ }],
  },
  {
    name: 'an e-mail code puts into a template literal it returns as the prompt',
    text: n8nFlow([lead, code('const prompt = `Customer ${$json.body.email} asked: ${$json.body.question}`;\nreturn { json: { prompt } };'), openAi('={{ $json.prompt }}')], [['Lead', 'Prompt'], ['Prompt', 'Summarise']]),
    expected: [{ covers: '$json.prompt', message: /sends email \(contact details\) from "Lead" \(POST lead\) \(body\.email\), via "Prompt"/ }],
  },
  {
    name: 'an e-mail code joins to text with + under another key, sent on by that key',
    text: n8nFlow([lead, code("const text = 'Customer ' + $json.body.email + ' asked';\nreturn [{ json: { message: text } }];"), openAi('={{ $json.message }}')], [['Lead', 'Prompt'], ['Prompt', 'Summarise']]),
    expected: [{ covers: '$json.message', message: /sends email \(contact details\)/ }],
  },
  {
    name: 'a Logic Apps Compose filling a request e-mail into chat messages for Azure OpenAI',
    text: laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, {
      create_prompt: { type: 'Compose', inputs: [{ role: 'user', content: "Customer @{triggerBody()?['email']} asks: @{triggerBody()?['question']}" }], runAfter: {} },
      Chat: { type: 'ServiceProvider', inputs: { parameters: { deploymentId: 'gpt', messages: "@outputs('create_prompt')" }, serviceProviderConfiguration: { connectionName: 'openai', operationId: 'getChatCompletions', serviceProviderId: '/serviceProviders/openai' } }, runAfter: { create_prompt: ['SUCCEEDED'] } },
    }),
    expected: [{ covers: "outputs('create_prompt')", message: /"Chat" sends email \(contact details\) from "manual" \(body\.email\), via "create_prompt"/ }],
  },
  {
    name: 'a Logic Apps variable set with concat() of a request phone number, posted to the OpenAI API',
    text: laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, {
      Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'prompt', type: 'string', value: "@concat('Call ', toLower(triggerBody()?['phone']), ' back')" }] }, runAfter: {} },
      Ask: { type: 'Http', inputs: { method: 'POST', uri: 'https://api.openai.com/v1/chat/completions', body: { messages: [{ role: 'user', content: "@{variables('prompt')}" }] } }, runAfter: { Init: ['Succeeded'] } },
    }),
    expected: [{ covers: "variables('prompt')", message: /"Ask" sends phone \(contact details\)/ }],
  },
  {
    name: 'a Make webhook e-mail a Set variable module fills into a prompt for OpenAI',
    text: makeBlueprint(
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: { hook: 1 }, mapper: {}, metadata: { designer: { name: 'Lead' } } },
      { id: 2, module: 'util:SetVariable2', version: 1, parameters: {}, mapper: { name: 'prompt', scope: 'roundtrip', value: 'Customer {{lower(1.email)}} asks: {{1.question}}' }, metadata: { designer: { name: 'Build prompt' } } },
      { id: 3, module: 'openai-gpt-3:CreateCompletion', version: 1, parameters: { __IMTCONN__: 5 }, mapper: { prompt: '{{2.prompt}}' }, metadata: { designer: { name: 'Ask' } } },
    ),
    expected: [{ covers: '2.prompt', message: /"Ask" sends email \(contact details\) from "Lead", via "Build prompt"/ }],
  },
  {
    // The text a Compose step fills in, taken one by one by a loop, is still the text.
    name: 'Logic Apps prompts a Compose step fills with a request e-mail, looped over and posted to the OpenAI API',
    text: laStandardWorkflow({ manual: { type: 'Request', kind: 'Http', inputs: {} } }, {
      Prompts: { type: 'Compose', inputs: ["Customer @{triggerBody()?['email']} asks: @{triggerBody()?['question']}"], runAfter: {} },
      Each: {
        type: 'Foreach', foreach: "@outputs('Prompts')", runAfter: { Prompts: ['Succeeded'] },
        actions: { Ask: { type: 'Http', inputs: { method: 'POST', uri: 'https://api.openai.com/v1/chat/completions', body: { messages: [{ role: 'user', content: "@{items('Each')}" }] } }, runAfter: {} } },
      },
    }),
    expected: [{ covers: "items('Each')", message: /"Ask" sends email \(contact details\) from "manual" \(body\.email\), via "Prompts" → "Each"/ }],
  },
  // Mail and SMS sources: their sender and recipients.
  {
    name: "the sender of a mail read over IMAP (from: 'Name <addr>') in a prompt",
    text: n8nFlow([{ name: 'Mail', type: 'emailReadImap', parameters: {} }, openAi('=Classify this mail from {{ $json.from }}: {{ $json.textPlain }}')], [['Mail', 'Summarise']]),
    expected: [{ covers: '$json.from', message: /"Summarise" sends the sender's address \(from\) \(contact details\) from "Mail"/ }],
  },
  {
    name: "the sender and recipients of Gmail's simple output (From, To) in a prompt",
    text: n8nFlow([{ name: 'Gmail Trigger', type: 'gmailTrigger', parameters: {} }, openAi('=Draft a reply to {{ $json.From }} (cc {{ $json.To }}) about: {{ $json.snippet }}')], [['Gmail Trigger', 'Summarise']]),
    expected: [{ covers: '$json.From', message: /sends the sender's address \(From\), the recipients' addresses \(To\) \(contact details\) from "Gmail Trigger"/ }],
  },
  {
    name: "a mail's sender that code reads out of the whole message",
    text: n8nFlow([
      { name: 'Gmail Trigger', type: 'gmailTrigger', parameters: { simple: false } },
      { name: 'Parse', type: 'code', parameters: { jsCode: "const e = $input.first().json;\nreturn [{ json: { from: e.from?.value?.[0]?.address || '', subject: e.subject } }];" } },
      openAi('=From: {{ $json.from }}\nSubject: {{ $json.subject }}'),
    ], [['Gmail Trigger', 'Parse'], ['Parse', 'Summarise']]),
    expected: [{ covers: '$json.from', message: /sends from\.value\.address \(contact details\) from "Gmail Trigger", via "Parse"/ }],
  },
  {
    name: 'a postal code named zip (Shopify, Stripe) sent to an analytics service',
    text: n8nFlow([lead, httpPost('https://api.segment.io/v1/identify', '={{ JSON.stringify({ userId: $json.body.id, traits: { zip: $json.body.zip, billing_zip: $json.body.billing_zip } }) }}')], [['Lead', 'Send']]),
    expected: [{ covers: '$json.body.zip', message: /sends zip, billing_zip \(an address\)/ }],
  },
  // Masked, local, internal, or not personal.
  {
    name: 'a hashed e-mail',
    text: n8nFlow([contacts, httpPost('https://api.segment.io/v1/identify', "={{ JSON.stringify({ userId: $json.properties.email.hash('sha256') }) }}")], [['Get contacts', 'Send']]),
    expected: [],
  },
  {
    name: 'an e-mail hashed by a Crypto node on the way',
    text: n8nFlow([
      contacts,
      { name: 'Hash', type: 'crypto', parameters: { action: 'hash', type: 'SHA256', value: '={{ $json.properties.email }}', dataPropertyName: 'emailHash' } },
      httpPost('https://api.segment.io/v1/identify', '={{ JSON.stringify({ userId: $json.emailHash }) }}'),
    ], [['Get contacts', 'Hash'], ['Hash', 'Send']]),
    expected: [],
  },
  {
    // The lead's address came from lemlist and goes back to lemlist's API with lemlist's own credential.
    name: "a connector's data sent back to its own API by an HTTP node with the connector's credential",
    text: n8nFlow([
      { name: 'Lead replied', type: 'lemlistTrigger', parameters: { event: 'emailsReplied' }, credentials: { lemlistApi: { id: '1', name: 'lemlist' } } },
      { name: 'Mark interested', type: 'httpRequest', parameters: { method: 'POST', url: '=https://api.lemlist.com/api/campaigns/c1/leads/{{ $json.leadEmail }}/interested', authentication: 'predefinedCredentialType', nodeCredentialType: 'lemlistApi' }, credentials: { lemlistApi: { id: '1', name: 'lemlist' } } },
    ], [['Lead replied', 'Mark interested']]),
    expected: [],
  },
  {
    // The connector's credential sent to another host, or left over in the export while the node sends none.
    name: "a connector's data sent with its credential to a host not its own, or with a leftover credential (info)",
    text: n8nFlow([
      { name: 'Lead replied', type: 'lemlistTrigger', parameters: { event: 'emailsReplied' }, credentials: { lemlistApi: { id: '1', name: 'lemlist' } } },
      { name: 'Collect', type: 'httpRequest', parameters: { method: 'POST', url: '=https://collector.example.net/{{ $json.leadEmail }}', authentication: 'predefinedCredentialType', nodeCredentialType: 'lemlistApi' }, credentials: { lemlistApi: { id: '1', name: 'lemlist' } } },
      { name: 'Stale', type: 'httpRequest', parameters: { method: 'POST', url: '=https://api.lemlist.com/x/{{ $json.leadEmail }}', authentication: 'none' }, credentials: { lemlistApi: { id: '1', name: 'lemlist' } } },
    ], [['Lead replied', 'Collect'], ['Lead replied', 'Stale']]),
    expected: [{ covers: '$json.leadEmail', severity: 'info', message: /"Collect" sends/ }, { covers: '$json.leadEmail', nth: 1, severity: 'info', message: /"Stale" sends/ }],
  },
  {
    // A generic credential (a header) says nothing about where the data came from.
    name: 'a connector\'s data sent to another host with a generic header credential (info)',
    text: n8nFlow([
      { name: 'Lead replied', type: 'lemlistTrigger', parameters: { event: 'emailsReplied' }, credentials: { lemlistApi: { id: '1', name: 'lemlist' }, httpHeaderAuth: { id: '2', name: 'key' } } },
      { name: 'Enrich', type: 'httpRequest', parameters: { method: 'POST', url: '=https://api.enrich.example.com/v1/{{ $json.leadEmail }}', authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' }, credentials: { httpHeaderAuth: { id: '2', name: 'key' } } },
    ], [['Lead replied', 'Enrich']]),
    expected: [{ covers: '$json.leadEmail', severity: 'info' }],
  },
  {
    name: 'a local model (Ollama)',
    text: n8nFlow([contacts, agent('=Write to {{ $json.properties.email }}'), { name: 'Model', type: '@n8n/n8n-nodes-langchain.lmChatOllama', parameters: {} }], [['Get contacts', 'Agent'], ['Model', 'Agent', 'ai_languageModel']]),
    expected: [],
  },
  {
    name: 'an internal host',
    text: n8nFlow([form, httpPost('http://crm.internal:8080/leads', '={{ JSON.stringify({ email: $json.email }) }}')], [['Signup', 'Send']]),
    expected: [],
  },
  {
    name: 'a drafted e-mail text a Set step calls "email"',
    text: n8nFlow([
      { name: 'Writer', type: '@n8n/n8n-nodes-langchain.chainLlm', parameters: { promptType: 'define', text: 'Write a newsletter' } },
      { name: 'Name it', type: 'set', parameters: { assignments: { assignments: [{ name: 'email', value: '={{ $json.text }}' }] } } },
      openAi('=Proofread: {{ $json.email }}'),
    ], [['Writer', 'Name it'], ['Name it', 'Summarise']]),
    expected: [],
  },
  {
    name: 'a CRM e-mail into Mautic, which organisations run themselves (a marketing service, info)',
    text: n8nFlow([contacts, { name: 'Add to Mautic', type: 'mautic', parameters: { email: '={{ $json.properties.email }}' } }], [['Get contacts', 'Add to Mautic']]),
    expected: [{ covers: '$json.properties.email', severity: 'info', message: /^Personal data goes to a marketing service \(Mautic, which organisations often run themselves\) unmasked: .*A marketing service needs the address to reach the person: check they consented/ }],
  },
  {
    name: 'a contact Mautic returned, sent back to Mautic',
    text: n8nFlow([
      { name: 'Find contact', type: 'mautic', parameters: { operation: 'getAll' } },
      { name: 'Update contact', type: 'mautic', parameters: { operation: 'update', email: '={{ $json.fields.all.email }}' } },
    ], [['Find contact', 'Update contact']]),
    expected: [],
  },
  {
    name: "the sender's e-mail address of a mail trigger (from.value[0].address) as contact details, not a postal address",
    text: n8nFlow([{ name: 'Mail', type: 'emailReadImap', parameters: {} }, openAi('=Classify the mail from {{ $json.from.value[0].address }}')], [['Mail', 'Summarise']]),
    expected: [{ covers: '$json.from.value[0].address', message: /sends from\.value\.address \(contact details\)/ }],
  },
  {
    // Values computed from a field (a length, a test, a count, what a model answered) do not disclose it.
    name: 'values a Set step or code computes from an e-mail, or an AI model writes from it',
    text: n8nFlow([
      lead,
      { name: 'Score', type: 'set', parameters: { assignments: { assignments: [
        { name: 'size', value: '=Length {{ $json.body.email.length }}' },
        { name: 'edu', value: "=Student: {{ $json.body.email.endsWith('.edu') ? 'yes' : 'no' }}" },
      ] } } },
      { name: 'Count', type: 'code', parameters: { jsCode: 'const domain = $json.body.email.split("@")[1];\nconst note = `Hello ${$json.body.email}`;\nreturn { json: { domain, score: domain.length } };' } },
      { name: 'Writer', type: '@n8n/n8n-nodes-langchain.chainLlm', parameters: { promptType: 'define', text: '=Write a greeting for {{ $json.body.email }}' } },
      { name: 'Writer model', type: '@n8n/n8n-nodes-langchain.lmChatOllama', parameters: {} },
      openAi('=Rate {{ $json.size }} {{ $json.edu }}'),
      { ...openAi('=Rate the domain {{ $json.domain }} ({{ $json.score }})'), name: 'Rate' },
      { ...openAi('=Proofread: {{ $json.text }}'), name: 'Proofread' },
    ], [['Lead', 'Score'], ['Score', 'Summarise'], ['Lead', 'Count'], ['Count', 'Rate'], ['Lead', 'Writer'], ['Writer model', 'Writer', 'ai_languageModel'], ['Writer', 'Proofread']]),
    expected: [],
  },
  {
    // A `+` next to text joins what the expression computed from the field, not the field: a part split off, a test, a
    // comparison of the whole chain, the last characters.
    name: 'values computed from an e-mail and joined to text with +, in a Set step and in code',
    text: n8nFlow([
      lead,
      { name: 'Score', type: 'set', parameters: { assignments: { assignments: [
        { name: 'domain', value: "={{ 'Domain ' + $json.body.email.split('@')[1] }}" },
        { name: 'has', value: "={{ 'Has e-mail: ' + $json.body.email.includes('@') }}" },
        { name: 'same', value: "={{ 'Same: ' + $json.body.email === $json.body.other }}" },
        { name: 'same2', value: "={{ 'Same: ' + $json.body.email + '!' === $json.body.other }}" },
        { name: 'same3', value: "={{ $json.body.other === 'Same: ' + $json.body.email }}" },
        { name: 'tail', value: "={{ 'Initial ' + $json.body.name.substring(0, 1) + ' ' + $json.body.email.slice(-4) }}" },
      ] } } },
      openAi('=Rate {{ $json.domain }} {{ $json.has }} {{ $json.same }} {{ $json.same2 }} {{ $json.same3 }} {{ $json.tail }}'),
      code("const prompt = 'Domain ' + $json.body.email.split('@')[1];\nreturn { json: { prompt } };"),
      { ...openAi('={{ $json.prompt }}'), name: 'Answer' },
    ], [['Lead', 'Score'], ['Score', 'Summarise'], ['Lead', 'Prompt'], ['Prompt', 'Answer']]),
    expected: [],
  },
  {
    // An id, a flag or the last digits of a personal value are not the value; its parts that hold it (a city) are.
    name: 'facts about a personal value (address.id, email.verified, creditCard.last4), directly and filled into a prompt',
    text: n8nFlow([
      lead,
      openAi('=Look up https://crm.example.com/addresses/{{ $json.body.address.id }} and the card ending {{ $json.body.creditCard.last4 }}; verified {{ $json.body.email.verified }}'),
      setPrompt('=Look up https://crm.example.com/addresses/{{ $json.body.address.id }} and the card ending {{ $json.body.creditCard.last4 }}; verified {{ $json.body.email.verified }}'),
      { ...openAi('={{ $json.prompt }}'), name: 'Answer' },
    ], [['Lead', 'Summarise'], ['Lead', 'Build prompt'], ['Build prompt', 'Answer']]),
    expected: [],
  },
  {
    name: 'the parts of an address and a phone number that hold it, filled into a prompt',
    text: n8nFlow([lead, setPrompt('=Deliver to {{ $json.body.address.street1 }}, {{ $json.body.address.city }}; call {{ $json.body.phone.number }}'), openAi('={{ $json.prompt }}')], [['Lead', 'Build prompt'], ['Build prompt', 'Summarise']]),
    expected: [{ covers: '$json.prompt', message: /"Summarise" sends address, phone \(an address, contact details\) from "Lead" \(POST lead\) \(body\.address\.street1\)/ }],
  },
  {
    // `from` and `to` of other data are dates, currencies or places; a sender's name is not an address; a zip archive is a file.
    name: "from/to outside mail, a sender's name, and a binary property called zip",
    text: n8nFlow([
      lead,
      { name: 'Mail', type: 'emailReadImap', parameters: {} },
      openAi('=Convert {{ $json.body.from }} to {{ $json.body.to }} between {{ $json.body.from_date }}'),
      { ...openAi('=Greet {{ $json.from.value[0].name }} about {{ $json.subject }}'), name: 'Greet' },
      { ...httpPost('https://api.example.com/upload', '={{ $binary.zip.fileName }} {{ $json.zipFile }}'), name: 'Upload' },
    ], [['Lead', 'Summarise'], ['Mail', 'Greet'], ['Lead', 'Upload']]),
    expected: [],
  },
  {
    name: 'fields that are not personal',
    text: n8nFlow([contacts, openAi('=Summarise {{ $json.properties.company }} in {{ $json.properties.industry }}')], [['Get contacts', 'Summarise']]),
    expected: [],
  },
];

describe(RULE, () => {
  runFlowTable(RULE, cases);

  it('carries Information disclosure', () => {
    assert.deepEqual(flowFindings(RULE, { text: cases[0].text })[0].threats, ['I']);
  });

  it('finds known transfers in the corpus and never fails on it', { skip: !hasCorpus && 'no ../shared/corpus' }, () => {
    const found = new Map<string, string[]>();
    for (const entry of corpusEntries()) {
      if (entry.platform !== 'n8n') continue;
      const mine = flowFindings(RULE, { path: entry.path, text: readCorpus(entry.path) }).map((f) => f.message);
      if (mine.length) found.set(entry.path, mine);
    }
    const hubspot = found.get('n8n/Zie619__n8n-workflows/workflows/Hubspot/0243_HubSpot_Mailchimp_Create_Scheduled.json') ?? [];
    assert.match(hubspot[0] ?? '', /^Personal data goes to a marketing service \(Mailchimp\) unmasked: "Create member" sends email \(contact details\) from "Get new contacts"/);
    const sheets = found.get('n8n/enescingoz__awesome-n8n-templates/Google_Drive_and_Google_Sheets/Qualify new leads in Google Sheets via OpenAI_s GPT-4.json') ?? [];
    assert.match(sheets[0] ?? '', /^Personal data goes to an AI model provider \(OpenAI\) unmasked: "Qualify leads with GPT" sends Email Address/);
    // A Set step named "email" holding an AI-written draft is not an address.
    assert.equal(found.get('n8n/Zie619__n8n-workflows/workflows/Emailreadimap/1427_Emailreadimap_Manual_Send_Webhook.json'), undefined);
  });
});

describe(`${RULE} with a surface inventory`, () => {
  const FLOW = 'flows/leads.json';
  const flow = n8nFlow([contacts, openAi('=Write a greeting for {{ $json.properties.email }} at {{ $json.properties.company }}')], [['Get contacts', 'Summarise']]);
  const entry = (id: string, node: string, direction: 'inbound' | 'outbound', ...lines: string[]) => [`  - id: ${id}`, `    name: ${node}`, '    kind: api', `    direction: ${direction}`, `    flow: ${FLOW}`, `    node: ${node}`, ...lines];
  const inventory = (...lines: string[]) => joinLines('inventory: 1', 'project: Leads', 'surfaces:', ...lines, '');

  it('stays quiet when the entry for the sending node approves the vendor for that data', () => {
    const ws = new TestWorkspace({ [FLOW]: flow, 'surfaces.yaml': inventory(...entry('openai-greeting', 'Summarise', 'outbound', '    data: [personal]', '    vendor: { name: OpenAI, approved: true, contract: DPA-2025-014 }')) });
    assert.deepEqual(ws.findings(FLOW, RULE), []);
  });

  it('reports a documented transfer the vendor review did not approve, or whose data the entry does not list, naming the entry', () => {
    for (const lines of [
      ['    data: [personal]', '    vendor: { name: OpenAI, approved: false }'],
      ['    data: [business]', '    vendor: { name: OpenAI, approved: true }'],
      ['    data: [health]', '    vendor: { name: OpenAI, approved: true }'],
    ]) {
      const ws = new TestWorkspace({ [FLOW]: flow, 'surfaces.yaml': inventory(...entry('openai-greeting', 'Summarise', 'outbound', ...lines)) });
      const [f, ...rest] = ws.findings(FLOW, RULE);
      assert.equal(rest.length, 0, lines.join(' '));
      assert.match(f.message, /^Personal data goes to an AI model provider \(OpenAI\) unmasked: "Summarise" sends email \(contact details\).* The inventory entry `openai-greeting` documents this transfer but does not approve it for this data/);
      assert.ok(f.related?.some((r) => r.uri.endsWith('surfaces.yaml') && /`openai-greeting` for "Summarise"/.test(r.message)), JSON.stringify(f.related));
      assertRangeCovers(ws.texts.get(FLOW)!, f.range, '$json.properties.email');
    }
  });

  it('follows every field from a source the inventory classifies as confidential, and clears it when the destination is approved at that level', () => {
    const plain = n8nFlow([contacts, openAi('=Summarise the deal {{ $json.properties.dealname }} worth {{ $json.properties.amount }}')], [['Get contacts', 'Summarise']]);
    const source = entry('hubspot-contacts', 'Get contacts', 'inbound', '    classification: confidential');
    // Nothing in the field names says personal: without the inventory, nothing to report.
    assert.deepEqual(flowFindings(RULE, { text: plain, path: FLOW }), []);
    const ws = new TestWorkspace({ [FLOW]: plain, 'surfaces.yaml': inventory(...source) });
    const [f] = ws.findings(FLOW, RULE);
    assert.match(f?.message ?? '', /"Summarise" sends properties\.dealname, properties\.amount \(data the inventory classifies as confidential\) from "Get contacts"/);
    assert.ok(f.related?.some((r) => /`hubspot-contacts` classifies what "Get contacts" brings in as confidential/.test(r.message)));
    ws.set('surfaces.yaml', inventory(...source, ...entry('openai-summary', 'Summarise', 'outbound', '    classification: confidential', '    vendor: { name: OpenAI, approved: true }')));
    assert.deepEqual(ws.findings(FLOW, RULE), []);
  });
});
