import type { LanguageClient } from 'vscode-languageclient/node';
import { ReviewWorkspaceRequest, type ReviewStatus } from '../../../server/src/protocol';

/** `surfaceReview.reviewWorkspace`: asks the server for a full re-scan (it shows progress) and returns the status. */
export const reviewWorkspace = (deps: { client: LanguageClient }) => (): Promise<ReviewStatus> =>
  deps.client.sendRequest(ReviewWorkspaceRequest);
