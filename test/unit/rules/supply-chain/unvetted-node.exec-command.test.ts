// A Node-RED exec node's command often carries a password or token (`sshpass -p …`, `mysql -p…`, `curl -u user:pass`):
// the finding names the program it runs, never the rest of the command.
import { describe } from 'node:test';
import { runFlowTable, type FlowCase } from '../../../helpers/dataflow.js';
import { nodeRedFlow } from '../../../helpers/platformDocs.js';

const RULE = 'supply-chain/unvetted-node';

// Obviously fake secrets.
const PASSWORD = 'Qz7fakeQz7fake';
const TOKEN = `ghp_${'FAKEfake0'.repeat(4)}`;

const exec = (command: string) => nodeRedFlow({ id: 'e', type: 'exec', name: 'Backup', command, addpay: false, append: '', x: 1, y: 1, wires: [[], [], []] });

const cases: FlowCase[] = [
  ...([
    ['sshpass', `sshpass -p '${PASSWORD}' ssh backup@10.0.0.5 tar czf - /data`],
    ['mysql', `mysql -uroot -p${PASSWORD} -e "select 1"`],
    ['curl', `curl -u admin:${PASSWORD} https://nas.local/api`],
    ['curl', `curl -H "Authorization: Bearer ${TOKEN}" https://api.github.com/user`],
    ['/usr/local/bin/backup.sh', `/usr/local/bin/backup.sh --key=${PASSWORD}`],
  ] as const).map(([program, command]): FlowCase => ({
    name: `an exec node running ${program} with a secret in its command, naming only the program`,
    text: exec(command),
    expected: [{ covers: '"exec"', severity: 'warning', message: new RegExp(`^(?!.*(?:${PASSWORD}|FAKEfake))"Backup" runs ${program.replace(/[./]/g, '\\$&')} on the Node-RED host with the rights of the Node-RED process`) }],
  })),
  {
    name: 'an exec node whose command comes with the message',
    text: exec(''),
    expected: [{ covers: '"exec"', severity: 'warning', message: /^"Backup" runs a command on the Node-RED host with the rights of the Node-RED process/ }],
  },
];

describe(`${RULE} (Node-RED exec commands)`, () => runFlowTable(RULE, cases));
