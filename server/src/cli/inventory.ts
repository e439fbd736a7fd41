// `surface-review inventory`: reads the flows, asks the core for the inventory (merged into --output when it exists),
// writes it, and says what it added and retired.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { generateInventory } from '../core/index.js';
import type { InventoryArgs } from './args.js';
import { describe, InputError } from './files.js';
import { readWorkingTree, relativeTo } from './snapshot.js';

export async function inventory(args: InventoryArgs): Promise<number> {
  const cwd = process.cwd();
  const files = await readWorkingTree(args.paths, cwd, { today: new Date() });
  const target = args.output !== undefined ? relativeTo(cwd, path.resolve(args.output)) : 'surfaces.yaml';
  let text: string | undefined;
  if (args.output !== undefined) {
    try {
      text = await fs.readFile(args.output, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`cannot read ${args.output}: ${describe(e)}`);
    }
  }
  let result;
  try {
    result = generateInventory(files.map((f) => f.file), { path: target, text: text?.replace(/^\uFEFF/, ''), scanned: args.paths.map((p) => path.relative(cwd, path.resolve(p)).split(path.sep).join('/')) });
  } catch (e) {
    throw new InputError(`cannot merge into ${args.output}: ${(e as Error).message}`);
  }
  if (args.output === undefined) {
    process.stdout.write(result.text);
  } else if (result.text !== text) {
    await fs.writeFile(args.output, result.text);
  }
  const where = args.output ?? 'standard output';
  const lines = [`${where}: ${result.added.length} surface(s) added, ${result.retired.length} marked retired.`];
  if (result.retired.length) lines.push(`retired (flow or node gone): ${result.retired.slice(0, 20).join(', ')}${result.retired.length > 20 ? ` and ${result.retired.length - 20} more` : ''}`);
  if (result.added.length) lines.push('Next: fill in each TODO (owner, classification, risk), then run "surface-review check".');
  process.stderr.write(lines.join('\n') + '\n');
  return 0;
}
