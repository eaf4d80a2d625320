/** Reading what the agent sent to the emulated OpenAI API. */

interface WireMessage {
  role: string;
  content?: unknown;
  tool_call_id?: string;
}

/** The messages of one recorded chat request. */
export function messagesOf(request: Record<string, unknown> | undefined): WireMessage[] {
  if (!request) throw new Error('no such chat request: the agent made fewer model calls than the test expects');
  return (request.messages ?? []) as WireMessage[];
}

/** The tool messages of one request, oldest first, with their JSON content parsed. */
export function toolResultsOf(
  request: Record<string, unknown> | undefined,
): { toolCallId: string; ok: boolean; output?: unknown; error?: string; raw: string }[] {
  return messagesOf(request)
    .filter((message) => message.role === 'tool')
    .map((message) => {
      const raw = String(message.content);
      let parsed: { ok?: boolean; output?: unknown; error?: string };
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new Error(`tool message content must be JSON ({"ok":…}), got: ${raw.slice(0, 80)}`);
      }
      return { toolCallId: String(message.tool_call_id), ok: parsed.ok === true, ...parsed, raw };
    });
}

/** The names of the tools advertised in one request. */
export function toolNamesOf(request: Record<string, unknown> | undefined): string[] {
  if (!request) throw new Error('no such chat request');
  const tools = (request.tools ?? []) as { function: { name: string } }[];
  return tools.map((tool) => tool.function.name);
}
