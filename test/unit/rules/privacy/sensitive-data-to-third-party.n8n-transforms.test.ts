// n8n's Aggregate, Summarize and Rename Keys nodes name the fields they read in plain text (`body.email`), as Set's
// Include Fields and Split Out do: a webhook's lead sent whole (`JSON.stringify($json)`) after one of them holds the
// e-mail the node named, under the place n8n puts it (Transform/Aggregate/Aggregate.node.ts, Transform/Summarize/utils.ts,
// RenameKeys/RenameKeys.node.ts). Aggregate and Summarize output new items (the webhook's body is not passed on);
// Rename Keys moves the value to its new key. A count or a sum of the e-mails is no e-mail.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase, type N8nNode } from '../../../helpers/dataflow.js';
import { lead, segment } from '../../../helpers/privacy.js';

const RULE = 'privacy/sensitive-data-to-third-party';
const whole = '={{ JSON.stringify($json) }}';
const via = (node: N8nNode, body = whole) => n8nFlow([lead, node, segment(body)], [['Lead', node.name], [node.name, 'Send']]);
const reported = /sends email \(contact details\) from "Lead" \(POST lead\) \(body\.email\), via "X"/;

const aggregate = (field: object, options: object = {}): N8nNode => ({ name: 'X', type: 'aggregate', typeVersion: 1, parameters: { fieldsToAggregate: { fieldToAggregate: [field] }, options } });
const summarize = (aggregation: string, extra: object = {}): N8nNode => ({ name: 'X', type: 'summarize', typeVersion: 1.1, parameters: { fieldsToSummarize: { values: [{ aggregation, field: 'body.email' }] }, options: {}, ...extra } });
const renameKeys = (currentKey: string, newKey: string): N8nNode => ({ name: 'X', type: 'renameKeys', typeVersion: 1, parameters: { keys: { key: [{ currentKey, newKey }] }, additionalOptions: {} } });

const cases: FlowCase[] = [
  // Aggregate, Individual Fields: the list of every item's e-mail, under the field's last name or the output name.
  { name: 'the e-mails an Aggregate lists (body.email → email)', text: via(aggregate({ fieldToAggregate: 'body.email' })), expected: [{ covers: '$json', message: reported }] },
  { name: 'the e-mails an Aggregate lists under a new name', text: via(aggregate({ fieldToAggregate: 'body.email', renameField: true, outputFieldName: 'emails' })), expected: [{ covers: '$json', message: reported }] },
  {
    name: "an Aggregate's renamed list read by its name",
    text: via(aggregate({ fieldToAggregate: 'body.email', renameField: true, outputFieldName: 'list' }), '={{ JSON.stringify({ people: $json.list }) }}'),
    expected: [{ covers: '$json.list', message: reported }],
  },
  // n8n drops an output name that Rename Field hides when it loads the workflow: the list is under the field's last name.
  {
    name: "an Aggregate's list under the field's last name when Rename Field is off (an output name left over)",
    text: via(aggregate({ fieldToAggregate: 'body.email', outputFieldName: 'list' }), '={{ JSON.stringify({ people: $json.email }) }}'),
    expected: [{ covers: '$json.email', message: reported }],
  },
  { name: 'the e-mails an Aggregate lists without dot notation', text: via(aggregate({ fieldToAggregate: 'body.email' }, { disableDotNotation: true })), expected: [{ covers: '$json', message: reported }] },
  { name: 'the e-mails an Aggregate groups by', text: via(aggregate({ fieldToAggregate: 'body.plan' }, { groupByFields: 'body.email' })), expected: [{ covers: '$json', message: reported }] },
  // Its output holds only what it aggregated: the webhook's body is gone.
  { name: "the webhook's e-mail read after an Aggregate of another field (not passed on)", text: via(aggregate({ fieldToAggregate: 'body.plan' }), '={{ JSON.stringify({ to: $json.body.email }) }}'), expected: [] },
  // Summarize: the e-mails kept as written (a list, joined text, one of them), or a number computed from them.
  { name: 'the e-mails a Summarize joins (concatenated_body_email)', text: via(summarize('concatenate')), expected: [{ covers: '$json', message: reported }] },
  {
    name: 'the e-mails a Summarize joins, read by the key n8n writes',
    text: via(summarize('concatenate', { fieldsToSummarize: { values: [{ aggregation: 'concatenate', field: 'body.email', separateBy: ', ' }] } }), '={{ JSON.stringify({ all: $json.concatenated_body_email }) }}'),
    expected: [{ covers: '$json.concatenated_body_email', message: reported }],
  },
  { name: 'the e-mails a Summarize appends', text: via(summarize('append')), expected: [{ covers: '$json', message: reported }] },
  { name: 'the lowest e-mail a Summarize picks (min keeps a value)', text: via(summarize('min')), expected: [{ covers: '$json', message: reported }] },
  { name: 'the e-mails a Summarize splits by', text: via({ name: 'X', type: 'summarize', typeVersion: 1.1, parameters: { fieldsToSummarize: { values: [{ aggregation: 'count', field: 'body.id' }] }, fieldsToSplitBy: 'body.email', options: {} } }), expected: [{ covers: '$json', message: reported }] },
  {
    name: 'the e-mails a Summarize appends, all splits in a single item',
    text: via(summarize('append', { fieldsToSplitBy: 'body.plan', options: { outputFormat: 'singleItem' } })),
    expected: [{ covers: '$json', message: reported }],
    todo: 'the split values become keys the data decides: the node is read as passing its input on, and nothing names the e-mail',
  },
  {
    name: 'the e-mails an Aggregate lists beside a field it names by an expression',
    text: via({ name: 'X', type: 'aggregate', typeVersion: 1, parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'body.email' }, { fieldToAggregate: '={{ "body.plan" }}' }] } } }),
    expected: [{ covers: '$json', message: reported }],
  },
  { name: 'the count of e-mails a Summarize computes', text: via(summarize('count')), expected: [] },
  { name: 'the number of distinct e-mails a Summarize computes', text: via(summarize('countUnique')), expected: [] },
  // An aggregation n8n does not know is counted (its default): a name of Object's prototype is no known one.
  { name: 'an aggregation named like a property of every object (constructor)', text: via(summarize('constructor')), expected: [] },
  // Rename Keys: the value moves to its new key; nothing is left at the old one.
  { name: 'the e-mail Rename Keys moves to contact', text: via(renameKeys('body.email', 'contact')), expected: [{ covers: '$json', message: reported }] },
  { name: 'the e-mail Rename Keys moved, read at its new key', text: via(renameKeys('body.email', 'contact'), '={{ JSON.stringify({ to: $json.contact }) }}'), expected: [{ covers: '$json.contact', message: reported }] },
  { name: 'the old key read after Rename Keys moved it away', text: via(renameKeys('body.email', 'contact'), '={{ JSON.stringify({ to: $json.body.email }) }}'), expected: [] },
  {
    // The e-mail an earlier step put at `email`: what a node writes at a place replaces what its input held there.
    name: 'the old key read after Rename Keys moved a value an earlier Rename Keys put there',
    text: n8nFlow([lead, { ...renameKeys('body.email', 'email'), name: 'W' }, renameKeys('email', 'contact'), segment('={{ JSON.stringify({ to: $json.email }) }}')], [['Lead', 'W'], ['W', 'X'], ['X', 'Send']]),
    expected: [],
  },
];

describe(`${RULE}: fields named by n8n's Aggregate, Summarize and Rename Keys`, () => runFlowTable(RULE, cases));
