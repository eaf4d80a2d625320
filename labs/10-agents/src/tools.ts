import type { ToolCall, ToolDefinition } from '@workshop/llm';
import type { z } from 'zod';

/** What a tool receives besides its validated arguments. */
export interface ToolContext {
  /** Aborted when the tool's timeout passes: stop work and release resources. */
  signal: AbortSignal;
  /** The run this call belongs to. */
  runId: string;
  /** The model's id for this call. */
  toolCallId: string;
  /**
   * Set for tools with side effects: pass it on to the system you change (an `Idempotency-Key`
   * header, MCP's `_meta`) so that it, too, refuses to apply the same effect twice.
   */
  idempotencyKey: string | undefined;
}

/** A tool the agent may call: its contract (name, description, schema) and its implementation. */
export interface Tool<Schema extends z.ZodType = z.ZodType> extends ToolDefinition<Schema> {
  /**
   * True when calling it changes something outside the run (sends, pays, deletes). Decided by the
   * people who own the agent (for an MCP tool: when they approved it), never by the tool's server.
   */
  sideEffect: boolean;
  /** Timeout for one call in ms; the agent's `toolTimeoutMs` limit when unset. */
  timeoutMs?: number;
  /** Do the work. The return value is sent to the model as JSON: it is untrusted data. */
  execute(args: z.output<Schema>, context: ToolContext): Promise<unknown>;
}

/** Typed helper: infers `args` in `execute` from the schema. */
export function defineTool<Schema extends z.ZodType>(tool: Tool<Schema>): Tool {
  return tool as unknown as Tool;
}

/** A tool that exists but may not be used now, and why (e.g. changed since it was approved). */
export interface RefusedTool {
  name: string;
  reason: string;
}

/** The tools usable right now, and the ones refused. */
export interface ToolSet {
  tools: Tool[];
  refused: RefusedTool[];
}

/**
 * Where an agent's tools come from. The agent asks again before every model call (and when it
 * resumes a run), so a server that changes its tools mid-run is noticed before the model sees it.
 */
export interface ToolProvider {
  tools(): Promise<ToolSet>;
}

/** Tools written in this process: always the same set. */
export function localTools(tools: readonly Tool[]): ToolProvider {
  const set: ToolSet = { tools: [...tools], refused: [] };
  return { tools: async () => set };
}

/** The outcome of checking one tool call against the registry. */
export type ParsedCall =
  /** Known tool, arguments valid: `args` is the schema's parsed output. */
  | { ok: true; tool: Tool; args: unknown }
  /** A tool that exists but is refused (e.g. changed since approval): not the model's mistake. */
  | { ok: false; refused: true; error: string }
  /** Unknown tool or invalid arguments: `error` is one line meant for the model to read and fix. */
  | { ok: false; refused: false; error: string };

/** Tool names the OpenAI API accepts (and that read well in logs). */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** The tools an agent can use at one moment, by name. Each schema is the single source of truth for its arguments. */
export class ToolRegistry {
  readonly #tools = new Map<string, Tool>();
  readonly #refused = new Map<string, string>();

  constructor(tools: readonly Tool[], refused: readonly RefusedTool[] = []) {
    for (const tool of tools) {
      if (!TOOL_NAME.test(tool.name)) throw new Error(`tool name "${tool.name}" must match ${TOOL_NAME}`);
      if (!tool.description.trim()) throw new Error(`tool "${tool.name}" needs a description: the model reads it`);
      if (this.#tools.has(tool.name)) throw new Error(`tool "${tool.name}" is registered twice`);
      this.#tools.set(tool.name, tool);
    }
    for (const { name, reason } of refused) if (!this.#tools.has(name)) this.#refused.set(name, reason);
  }

  /** Every usable name, in registration order. */
  get names(): string[] {
    return [...this.#tools.keys()];
  }

  /** The tool called `name`, if usable. */
  get(name: string): Tool | undefined {
    return this.#tools.get(name);
  }

  /** Definitions to advertise to the model: the usable tools among `names`, in registration order. */
  definitions(names: readonly string[]): ToolDefinition[] {
    const wanted = new Set(names);
    return [...this.#tools.values()]
      .filter((tool) => wanted.has(tool.name))
      .map(({ name, description, inputSchema }) => ({ name, description, inputSchema }));
  }

  /**
   * Check a call the model made: the tool is usable, its arguments are JSON, and they satisfy the
   * tool's zod schema. Never throws for bad model output: the error goes back to the model.
   */
  parseCall(call: ToolCall): ParsedCall {
    const tool = this.#tools.get(call.name);
    if (!tool) {
      const refusal = this.#refused.get(call.name);
      if (refusal !== undefined) {
        return { ok: false, refused: true, error: `tool "${call.name}" is not available: ${refusal}` };
      }
      return {
        ok: false,
        refused: false,
        error: `unknown tool "${call.name}"; available tools: ${this.names.join(', ')}`,
      };
    }
    let raw: unknown;
    try {
      // Some models send "" for a tool without parameters.
      raw = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, refused: false, error: `arguments of "${call.name}" are not valid JSON: ${reason}` };
    }
    const result = tool.inputSchema.safeParse(raw);
    if (!result.success) {
      const problems = result.error.issues.map((issue) => {
        const where = issue.path.length > 0 ? issue.path.join('.') : '(arguments)';
        return `${where}: ${issue.message}`;
      });
      return { ok: false, refused: false, error: `invalid arguments for "${call.name}": ${problems.join('; ')}` };
    }
    return { ok: true, tool, args: result.data };
  }
}

/** Tool message content for a result. Always JSON, so the model sees data, not a new instruction turn. */
export function toolOutputContent(output: unknown): string {
  return JSON.stringify({ ok: true, output: output ?? null });
}

/** Tool message content for a failure the model should read (and may fix). */
export function toolErrorContent(error: string): string {
  return JSON.stringify({ ok: false, error });
}
