// The flow model every platform adapter builds (DESIGN §3).

export type Platform = 'n8n' | 'power-automate' | 'logic-apps' | 'node-red' | 'make' | 'zapier';

export type NodeRole =
  | 'trigger-webhook'
  | 'trigger-schedule'
  | 'trigger-event'
  | 'http-request'
  | 'database'
  | 'code'
  | 'command'
  | 'file'
  | 'email'
  | 'messaging'
  | 'storage'
  | 'ai'
  | 'transform'
  | 'control'
  | 'other';

/** How a node authenticates, as far as the export says. */
export interface NodeAuth {
  /** Platform spelling, e.g. n8n `headerAuth`, Power Automate `All`; `undefined` when the export is silent. */
  readonly method?: string;
  /** An inbound trigger that anyone who knows its URL can call (the export shows no caller check). */
  readonly none?: boolean;
  /**
   * The platform configures inbound authentication outside the export (Node-RED's `httpNodeAuth` in
   * settings.js), so the export cannot say whether it is on.
   */
  readonly configuredOutside?: boolean;
  /** Pointer of the setting that decides the node's authentication (for the finding's range). */
  readonly pointer?: string;
}

/** A reference to a credential held by the platform, never the secret itself. */
export interface CredentialRef {
  readonly type: string;
  readonly id?: string;
  readonly name?: string;
}

export interface FlowNode {
  readonly id: string;
  readonly name: string;
  /** The raw platform type, e.g. `n8n-nodes-base.httpRequest`, `Request`, `http in`, `gateway:CustomWebHook`. */
  readonly type: string;
  readonly role: NodeRole;
  /** The external service, as a user names it (`Slack`, `Google Sheets`, `HTTP`). */
  readonly service?: string;
  /** The URL this node calls, or the path/URL it exposes. */
  readonly endpoint?: string;
  /** Pointer of the endpoint value, for findings on it. */
  readonly endpointPointer?: string;
  readonly method?: string;
  readonly auth: NodeAuth;
  readonly credentialRefs: readonly CredentialRef[];
  /** Every scope the node requests: those of all its {@link scopeSources} in order, each once. */
  readonly scopes: readonly string[];
  /**
   * The strings `scopes` were read from, one per string (Slack's `scope` and `user_scope` entries are two); absent when
   * the node requests no scope. Fill both with formats/scopes.ts `requestedScopes`.
   */
  readonly scopeSources?: readonly ScopeSource[];
  /** The node's parameters as exported (plain data). */
  readonly parameters: unknown;
  /** JSON pointer of the node in its file. */
  readonly pointer: string;
  /** JSON pointer of the parameters object, when there is one. */
  readonly parametersPointer?: string;
  readonly disabled?: boolean;
  /** The version of the node's type as exported (n8n's `typeVersion`), where the platform writes one. */
  readonly typeVersion?: number;
}

/**
 * One string a node requests scopes in: a `scope` parameter, an audience, a URL with `scope=`, one `scope` or
 * `user_scope` entry of a parameter list, a form body.
 */
export interface ScopeSource {
  /** Pointer of the string (findings, hover and fixes land inside it). */
  readonly pointer: string;
  /** The scopes read from this string, in its order. */
  readonly scopes: readonly string[];
}

/** Data flows from `from` to `to` (node ids). */
export interface Edge {
  readonly from: string;
  readonly to: string;
  /** `main` for normal data, `error` for an error path; platform spellings otherwise (`Succeeded`, `Failed`). */
  readonly kind?: string;
  /**
   * Which output of `from` the edge leaves by, where the platform numbers them (n8n outputs, Node-RED ports): an IF's
   * true branch is 0, its false branch 1; a Switch has one per rule.
   */
  readonly output?: number;
  /** Which input of `to` the edge enters, where the platform numbers them and it is not the first (n8n: a Merge's second input is 1). */
  readonly input?: number;
}

export interface Flow {
  readonly platform: Platform;
  readonly name: string;
  readonly id?: string;
  /** Who is accountable for it, when the export says (tags: formats/owner.ts). */
  readonly owner?: string;
  /**
   * `connections` for a file that only lists connections an app's workflows share (Logic Apps Standard
   * `connections.json`): nobody runs it on its own. A workflow otherwise.
   */
  readonly kind?: 'workflow' | 'connections';
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly Edge[];
  readonly settings: Readonly<Record<string, unknown>>;
  /** Pointers of captured sample data (n8n `pinData`): secrets there are reported separately. */
  readonly sampleDataPointers: readonly string[];
  /**
   * Pointers of notes written for people (Node-RED `comment` nodes and every element's `info` description): a
   * secret there is reported as in a note. n8n sticky notes and node `notes` are recognised by the secret scan.
   */
  readonly notePointers?: readonly string[];
}
