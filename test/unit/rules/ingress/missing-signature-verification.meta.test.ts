// Meta signs the webhooks of WhatsApp (Cloud API), Instagram and Messenger (Facebook) apps alike, with the app secret in
// X-Hub-Signature-256: the message names the product the trigger is for, not WhatsApp for all three.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';

const RULE = 'ingress/missing-signature-verification';
const save = { name: 'Save', type: 'set', parameters: {} };
const webhook = (name: string, path: string) => ({ name, type: 'webhook', parameters: { httpMethod: 'POST', path } });
const flow = (name: string, path: string) => n8nFlow([webhook(name, path), save], [[name, 'Save']]);

const cases: FlowCase[] = [
  { name: 'an Instagram webhook, as Instagram', text: flow('Instagram DM Webhook', 'ig-dm'), expected: [{ covers: '"ig-dm"', message: /receives Instagram \(Meta\) events, which Instagram \(Meta\) signs \(header "x-hub-signature-256"\)/ }] },
  { name: 'a Facebook Messenger webhook, as Facebook', text: flow('Facebook Messenger Webhook', 'fb-messages'), expected: [{ covers: '"fb-messages"', message: /receives Facebook \(Meta\) events/ }] },
  { name: 'a WhatsApp webhook, as WhatsApp', text: flow('WhatsApp Incoming Message', 'wa-in'), expected: [{ covers: '"wa-in"', message: /receives WhatsApp \(Meta\) events/ }] },
];

describe(`${RULE}: Meta's products`, () => runFlowTable(RULE, cases));
