/**
 * Chat messages, provider-agnostic. Adapters translate these to and from each
 * vendor's wire format; application code never sees vendor types.
 */

/** A request from the model to call one tool. */
export interface ToolCall {
  /** Provider-assigned id; a tool result message must echo it back. */
  id: string;
  /** Name of the tool, as registered in `ChatRequest.tools`. */
  name: string;
  /**
   * Arguments exactly as the model produced them: a JSON string that has NOT been
   * validated. Validate with the tool's zod schema before executing anything.
   */
  arguments: string;
}

/** Instructions that frame the whole conversation. Never dropped when trimming context. */
export interface SystemMessage {
  role: 'system';
  content: string;
}

/** A turn written by the end user (or by the application on the user's behalf). */
export interface UserMessage {
  role: 'user';
  content: string;
  /** Images for vision-capable models, as data: URLs or https URLs. */
  images?: string[];
}

/** A turn produced by the model: text, tool calls, or both. */
export interface AssistantMessage {
  role: 'assistant';
  content: string;
  /** Tool calls the model asked for in this turn, if any. */
  toolCalls?: ToolCall[];
}

/** The result of executing a tool call, sent back to the model. Treat as untrusted data. */
export interface ToolMessage {
  role: 'tool';
  /** The `ToolCall.id` this message answers. */
  toolCallId: string;
  /** The tool's output, serialised as text (usually JSON). */
  content: string;
}

/** Any message in a conversation. */
export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;
