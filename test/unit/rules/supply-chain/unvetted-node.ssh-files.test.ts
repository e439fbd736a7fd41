// The n8n SSH node runs a command (resource "command", the default) or moves a file (resource "file": upload, the
// default operation, or download; n8n's Ssh.node.ts): the finding says which it does.
import { describe } from 'node:test';
import { n8nFlow, runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';

const RULE = 'supply-chain/unvetted-node';

const cases: FlowCase[] = [
  {
    name: 'SSH nodes that upload and download files, and one that runs a command',
    text: n8nFlow([
      { name: 'Upload report', type: 'ssh', parameters: { resource: 'file', operation: 'upload', path: '/srv/reports' } },
      { name: 'Fetch log', type: 'ssh', parameters: { resource: 'file', operation: 'download', path: '/var/log/app.log' } },
      { name: 'Put file', type: 'ssh', parameters: { resource: 'file', path: '/srv/in' } },
      { name: 'Restart', type: 'ssh', parameters: { command: 'systemctl restart app' } },
    ]),
    expected: [
      { covers: '"n8n-nodes-base.ssh"', severity: 'warning', message: /^"Upload report" uploads files to a remote host over SSH, with the rights of its SSH account: it can overwrite any file that account can write/ },
      { covers: '"n8n-nodes-base.ssh"', nth: 1, severity: 'warning', message: /^"Fetch log" downloads files from a remote host over SSH, with the rights of its SSH account: it can read any file that account can read/ },
      { covers: '"n8n-nodes-base.ssh"', nth: 2, severity: 'warning', message: /^"Put file" uploads files to a remote host over SSH/ },
      { covers: '"n8n-nodes-base.ssh"', nth: 3, severity: 'warning', message: /^"Restart" runs shell commands on a remote host over SSH/ },
    ],
  },
];

describe(`${RULE} (n8n SSH file transfers)`, () => runFlowTable(RULE, cases));
