/**
 * The prompt render worker: a child process that owns nunjucks, so templates never run in the gateway's
 * process. PromptRenderer forks it with a small V8 heap, an empty environment and a temp directory as cwd,
 * talks to it over IPC, and kills it when a render runs past its time limit or it runs out of memory.
 */
import type {
  PromptSandboxOptions,
  RenderRequest,
  SandboxResult,
  WorkerMessage,
} from './prompt-render.protocol.js';
import { PromptTemplateSandbox } from './prompt-template-sandbox.js';

const send = process.send?.bind(process);
if (!send) throw new Error('prompt-render.worker must be started by PromptRenderer (with an IPC channel)');

const sandbox = new PromptTemplateSandbox(JSON.parse(process.argv[2] ?? '{}') as PromptSandboxOptions);
hardenRealm();

process.on('message', (request: RenderRequest) => {
  let result: SandboxResult;
  try {
    result =
      request.op === 'check'
        ? sandbox.check(request.templates)
        : sandbox.render(request.templates, JSON.parse(request.context) as Record<string, unknown>);
  } catch (error) {
    // The sandbox returns its failures; anything thrown here is unexpected and still answers the request.
    result = { ok: false, failure: { kind: 'render', message: String(error) } };
  }
  send({ type: 'result', id: request.id, ...result } satisfies WorkerMessage);
});
// Never outlive the gateway.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' } satisfies WorkerMessage);

/**
 * Second line of defence, should a lookup ever slip past the sandbox: with every function's `constructor`
 * gone, no value a template can reach leads to the Function constructor (`f.constructor("return process")`).
 * Done after all imports; nothing else runs in this process.
 */
function hardenRealm(): void {
  const functionPrototypes = [
    Function.prototype,
    Object.getPrototypeOf(async function () {}) as object,
    Object.getPrototypeOf(function* () {}) as object,
    Object.getPrototypeOf(async function* () {}) as object,
  ];
  for (const prototype of functionPrototypes) {
    Object.defineProperty(prototype, 'constructor', {
      value: undefined,
      writable: false,
      configurable: false,
    });
  }
}
