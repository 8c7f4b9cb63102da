import type { HubRequest, HubTool } from '../../hub/hub-prompt';

/** Between a Responses namespace and its tool in the flat hub name: valid in every upstream's tool-name alphabet. */
export const NAMESPACE_SEPARATOR = '__';

/** The hub name of a (possibly namespaced) Responses tool. */
export function flatToolName(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}${NAMESPACE_SEPARATOR}${name}` : name;
}

/** How a call to hub tool `toolName` is written back to a Responses client. */
export interface ResponsesToolRef {
  name: string;
  namespace?: string;
  /** A `custom` tool: its call is a `custom_tool_call` whose input is plain text. */
  freeform: boolean;
}

/** Looks the hub tool up in the decoded request: namespaced tools are split back, freeform tools recognised. */
export function responsesToolRef(request: HubRequest, toolName: string): ResponsesToolRef {
  const tool: HubTool | undefined = request.tools.find((candidate) => candidate.name === toolName);
  const namespace = tool?.providerMetadata?.openai?.namespace;
  const name = namespace && toolName.startsWith(namespace + NAMESPACE_SEPARATOR) ? toolName.slice(namespace.length + NAMESPACE_SEPARATOR.length) : toolName;
  const ref: ResponsesToolRef = { name, freeform: tool?.kind === 'freeform' };
  if (namespace) ref.namespace = namespace;
  return ref;
}
