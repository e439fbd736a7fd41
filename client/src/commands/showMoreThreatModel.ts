import type { ThreatModelView } from '../threatModelView';

/** `surfaceReview.threatModel.showMore`: shows the next page of a group's surfaces (the "Show more" item runs it). */
export const showMoreThreatModel = (deps: { threatModel: ThreatModelView }) => (groupKey: string): void => deps.threatModel.provider.showMore(groupKey);
