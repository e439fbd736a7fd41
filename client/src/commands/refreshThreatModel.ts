import type { ThreatModelDto } from '../../../server/src/protocol';
import type { ThreatModelView } from '../threatModelView';

/** `surfaceReview.threatModel.refresh`: asks the server for the model again and returns it. */
export const refreshThreatModel = (deps: { threatModel: ThreatModelView }) => (): Promise<ThreatModelDto | undefined> => deps.threatModel.refresh();
