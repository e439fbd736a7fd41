// Which triggers deliver data that people outside the organisation control (taint sources), as data: inbound
// webhooks and HTTP endpoints, forms, chats, e-mail, messaging apps and message queues.
import type { FlowNode } from '../model/index.js';
import { serviceKey } from './thirdParty.js';

/** Whole words of a trigger's service or type name that mark content written by others. */
export const UNTRUSTED_TRIGGER_WORDS: ReadonlySet<string> = new Set([
  'webhook', 'webhooks', 'hook', 'form', 'forms', 'chat', 'email', 'mail', 'mailhook', 'sms', 'teams', 'line', 'slack', 'tally', 'tcp', 'udp',
  'sqs', 'queue', 'queues', 'mcp', 'facebook', 'twitter', 'signal', 'matrix', 'mattermost', 'zulip', 'intercom', 'zendesk', 'survey', 'surveys',
]);

/** Distinctive substrings of the joined, lower-case name (`whatsapp` in `WhatsApp`, `servicebus` in `Azure Service Bus`). */
export const UNTRUSTED_TRIGGER_MARKERS: readonly string[] = [
  'whatsapp', 'servicebus', 'eventhub', 'eventgrid', 'rabbitmq', 'telegram', 'typeform', 'jotform', 'websocket', 'mqtt', 'amqp', 'kafka',
  'imap', 'smtp', 'gmail', 'outlook', 'discord', 'twilio', 'messenger', 'instagram', 'webhook', 'chatgpt', 'formstack', 'wufoo', 'surveymonkey',
];

/**
 * Message transports among those triggers (queues, brokers, sockets), by whole word and by distinctive substring: what
 * they deliver is whatever a publisher sent, its ids and links included. An app connector's trigger is different: the app
 * fills in a message's ids, links and timestamps itself ({@link isVendorField}).
 */
const TRANSPORT_WORDS: ReadonlySet<string> = new Set(['queue', 'queues', 'sqs', 'tcp', 'udp']);
const TRANSPORT_MARKERS: readonly string[] = ['rabbitmq', 'amqp', 'kafka', 'mqtt', 'servicebus', 'eventhub', 'websocket'];

/**
 * Form and survey services among those triggers (Typeform, JotForm, Google Forms, Tally, n8n forms, SurveyMonkey, …),
 * by whole word and by distinctive substring: they key the answers by the question's title, which the form's author
 * wrote (`Company website URL`), and the respondent writes every answer.
 */
const FORM_WORDS: ReadonlySet<string> = new Set(['form', 'forms', 'survey', 'surveys', 'tally']);
const FORM_MARKERS: readonly string[] = ['typeform', 'jotform', 'formstack', 'wufoo', 'surveymonkey'];

/** Lower-case words of a name: split at non-letters/digits and at camelCase humps (`microsoftOutlookTrigger` → microsoft, outlook, trigger). */
function wordsOf(name: string): string[] {
  const words: string[] = [];
  let word = '';
  for (let i = 0; i < name.length && i < 256; i++) {
    const c = name[i];
    const lower = c.toLowerCase();
    const letterOrDigit = /[A-Za-z0-9]/.test(c);
    if (!letterOrDigit || (c !== lower && word && word[word.length - 1] === word[word.length - 1].toLowerCase())) {
      if (word) words.push(word.toLowerCase());
      word = letterOrDigit ? c : '';
    } else word += c;
  }
  if (word) words.push(word.toLowerCase());
  return words;
}

/** n8n node types (short names) that take input from people besides webhooks: form pages. */
const N8N_INPUT_NODES = new Set(['form']);

/**
 * Microsoft Forms' *Get response details* (Power Automate `GetFormResponseById`; Logic Apps `…/formapi/api/forms(…)/responses`):
 * the forms trigger passes on only the response's id, and this action reads the answers the respondent wrote.
 */
function readsFormAnswers(node: FlowNode, params: Record<string, unknown> | undefined): boolean {
  if (node.service !== 'Microsoft Forms' || node.role.startsWith('trigger-')) return false;
  const inputs = params?.inputs as Record<string, unknown> | undefined;
  const host = inputs?.host as Record<string, unknown> | undefined;
  if (typeof host?.operationId === 'string') return host.operationId.toLowerCase() === 'getformresponsebyid';
  const path = typeof inputs?.path === 'string' ? inputs.path.toLowerCase() : '';
  const form = path.indexOf('/formapi/api/forms(');
  return form !== -1 && path.includes(')/responses', form);
}

/**
 * True when the node brings in data others control: every inbound webhook (authenticated or not: an authenticated
 * partner can still send hostile values), and event triggers of e-mail, chat, forms and queues. n8n chat triggers count
 * only when public (otherwise only the workflow's editors can chat; so does the editor's manual chat trigger), and n8n
 * Wait nodes when they resume on a webhook or form. Power Automate and Logic Apps read a Microsoft Forms response's
 * answers with an action ({@link readsFormAnswers}).
 */
export function isUntrustedInput(node: FlowNode, platform: string): boolean {
  if (node.disabled) return false;
  const params = node.parameters as Record<string, unknown> | undefined;
  if ((platform === 'power-automate' || platform === 'logic-apps') && readsFormAnswers(node, params)) return true;
  if (platform === 'n8n') {
    const short = node.type.slice(node.type.lastIndexOf('.') + 1);
    if (short === 'chatTrigger') return params?.public === true;
    if (N8N_INPUT_NODES.has(short)) return true;
    if (short === 'wait') return params?.resume === 'webhook' || params?.resume === 'form';
    // The editor's own chat (the "Chat" button while building) is as private as a manual run.
    if (short === 'executeWorkflowTrigger' || short === 'errorTrigger' || short === 'manualTrigger' || short === 'manualChatTrigger') return false;
  }
  if (node.role === 'trigger-webhook') return true;
  if (node.role !== 'trigger-event') return false;
  const name = `${node.service ?? ''} ${node.type.slice(node.type.lastIndexOf('.') + 1)}`;
  if (wordsOf(name).some((w) => UNTRUSTED_TRIGGER_WORDS.has(w))) return true;
  const key = serviceKey(name);
  return UNTRUSTED_TRIGGER_MARKERS.some((m) => key.includes(m));
}

/** True when the trigger is a message transport: every field of what it delivers was written by whoever published it. */
export function deliversPublishedMessages(node: FlowNode): boolean {
  const name = `${node.service ?? ''} ${node.type.slice(node.type.lastIndexOf('.') + 1)}`;
  if (wordsOf(name).some((w) => TRANSPORT_WORDS.has(w))) return true;
  const key = serviceKey(name);
  return TRANSPORT_MARKERS.some((m) => key.includes(m));
}

/** True when the trigger delivers the answers of a form or survey: every answer is written by whoever fills it in. */
export function collectsFormAnswers(node: FlowNode): boolean {
  const name = `${node.service ?? ''} ${node.type.slice(node.type.lastIndexOf('.') + 1)}`;
  if (wordsOf(name).some((w) => FORM_WORDS.has(w))) return true;
  const key = serviceKey(name);
  return FORM_MARKERS.some((m) => key.includes(m));
}

/**
 * Fields an app's connector fills in itself rather than its users: identifiers, links to the vendor's own files and
 * timestamps (`message.from.id`, `chat_id`, `images.standard_resolution.url`, `created_at`). A connector trigger's
 * other fields (a message's text, an e-mail's subject) are written by whoever sent them.
 */
export function isVendorField(field: string): boolean {
  const last = field.slice(field.lastIndexOf('.') + 1);
  if (!last) return false;
  const lower = last.toLowerCase();
  if (lower === 'id' || lower === 'uuid' || lower === 'guid' || /(?:_id|_ids|ids)$/.test(lower) || /[a-z]Ids?$/.test(last)) return true;
  if (/url|uri|link|href|download/.test(lower)) return true;
  return /^(?:date|time|timestamp|ts)$|(?:_at|_date|_time|date|time)$/.test(lower);
}
