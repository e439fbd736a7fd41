import type { ThreatModelView } from '../threatModelView';

/** `surfaceReview.threatModel.showOpenOnly` / `showAll`: shows only open threats (and the surfaces that have them), or everything. */
export const filterThreatModel = (deps: { threatModel: ThreatModelView }, openOnly: boolean) => (): Promise<void> => deps.threatModel.setOpenOnly(openOnly);
