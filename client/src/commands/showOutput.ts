import type * as vscode from 'vscode';

/** `surfaceReview.showOutput`: reveals the Surface Review output channel. */
export const showOutput = (deps: { outputChannel: vscode.OutputChannel }) => () => deps.outputChannel.show(true);
