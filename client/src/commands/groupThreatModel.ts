import * as vscode from 'vscode';
import { GROUP_BYS, type GroupBy, type ThreatModelView } from '../threatModelView';

const LABELS: Readonly<Record<GroupBy, string>> = {
  boundary: 'Trust boundary',
  owner: 'Owner',
  platform: 'Platform',
  risk: 'Risk',
};

/** `surfaceReview.threatModel.groupBy`: groups the tree by boundary, owner, platform or risk (asks when no argument is given). */
export const groupThreatModel = (deps: { threatModel: ThreatModelView }) => async (groupBy?: GroupBy): Promise<GroupBy | undefined> => {
  let choice = groupBy && GROUP_BYS.includes(groupBy) ? groupBy : undefined;
  if (!choice) {
    const current = deps.threatModel.provider.groupBy;
    const picked = await vscode.window.showQuickPick(
      GROUP_BYS.map((g) => ({ label: LABELS[g], description: g === current ? 'current' : undefined, value: g })),
      { title: 'Group the threat model by' },
    );
    choice = picked?.value;
  }
  if (choice) await deps.threatModel.setGroupBy(choice);
  return choice;
};
