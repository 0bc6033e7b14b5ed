/** Messages between PromptRenderer (gateway process) and the render worker process, over IPC; plain data. */

/** How a PromptTemplateSandbox is set up (passed to the worker process as its argument, in JSON). */
export interface PromptSandboxOptions {
  /** Compiled templates kept (least recently used are dropped). */
  cacheSize: number;
  /** Largest total size of one render's outputs, in UTF-8 bytes. */
  maxOutputBytes: number;
}

/**
 * Compile (and cache) templates without rendering them, or render them with a context. The context travels
 * as JSON text: the worker gets plain data only, and no nesting depth can overflow the IPC deserializer.
 */
export type RenderJob =
  { op: 'check'; templates: string[] } | { op: 'render'; templates: string[]; context: string };

export type RenderRequest = RenderJob & { id: number };

/**
 * Why a check or render failed: `template` (does not compile, or uses what the sandbox forbids),
 * `render` (failed while rendering, sandbox refusals included), `output` (rendered more than allowed).
 */
export interface SandboxFailure {
  kind: 'template' | 'render' | 'output';
  message: string;
  /** Which of the request's templates failed. */
  index?: number;
}

export type SandboxResult = { ok: true; outputs: string[] } | { ok: false; failure: SandboxFailure };

export type WorkerMessage = { type: 'ready' } | ({ type: 'result'; id: number } & SandboxResult);
