/**
 * The workloads of a run: declared like for like next to each other (direct, forwarder, mcp-proxy, gateway at
 * concurrency 1, then 32), which is the order of the table; {@link runOrder} is the order a round runs them in.
 * The whole list runs once per round, so each row's windows are spread over the run.
 */
import type { Gateway, GatewaySetup, Step } from './gateway.js';
import type { LoadSpec } from './load-protocol.js';

export { CPU_COMPARED, runOrder } from './run-order.js';

/** A workload as declared: where the load goes, and which processes it is about. */
export interface WorkloadDef {
  id: string;
  title: string;
  /** The process between client and upstream whose CPU is the subject (null: straight to the upstream). */
  hop: string | null;
  /** The process that runs the tool (null: the hop answers alone, as for tools/list). */
  upstream: string | null;
  transport: 'http' | 'sse';
  concurrency: number;
  spec: Step<LoadSpec>;
  /** Count the upstream sessions the gateway opens during the window. */
  watchSessions: boolean;
  /** Load generator processes sharing the sessions (more than one where a single client would be the limit). */
  loaders: number;
}

export interface Topology {
  upstreamUrl: string;
  forwarderUrl: string;
  proxyUrl: Step<string>;
  /** The gateway with the default configuration (stateless Streamable HTTP). */
  stateless: GatewaySetup;
  /** The gateway with USE_STATEFUL_SESSIONS=true. */
  stateful: GatewaySetup;
  listTools: number;
}

export function then<T, U>(step: Step<T>, next: (value: T) => Step<U>): Step<U> {
  return step.ok ? next(step.value) : step;
}

type Transport = 'http' | 'sse';

/** The listing calls no tool. */
const LISTING: Step<{ name: string }> = { ok: true, value: { name: '' } };

export function declareWorkloads(t: Topology): WorkloadDef[] {
  const echoAt = (origin: string, transport: Transport, concurrency: number): LoadSpec => ({
    mode: 'call',
    transport,
    origin,
    path: transport === 'http' ? '/mcp' : '/sse',
    concurrency,
    tool: 'echo',
    answer: 'echo',
  });
  const direct = (transport: Transport, c: number): Step<LoadSpec> => ({
    ok: true,
    value: echoAt(t.upstreamUrl, transport, c),
  });
  const forwarder = (transport: Transport, c: number): Step<LoadSpec> => ({
    ok: true,
    value: echoAt(t.forwarderUrl, transport, c),
  });
  const proxy = (transport: Transport, c: number): Step<LoadSpec> =>
    then(t.proxyUrl, (url) => ({ ok: true, value: echoAt(url, transport, c) }));
  const gateway = (
    setup: GatewaySetup,
    transport: Transport,
    c: number,
    options: { mode?: LoadSpec['mode']; tool?: 'echo' | 'rest'; list?: boolean } = {},
  ): Step<LoadSpec> =>
    then(setup.gateway, (gw: Gateway) =>
      then(options.list ? setup.listServer : setup.server, (serverId) =>
        then<{ name: string }, LoadSpec>(options.list ? LISTING : setup[options.tool ?? 'echo'], (tool) => ({
          ok: true,
          value: {
            mode: options.mode ?? (options.list ? 'list' : 'call'),
            transport,
            origin: gw.url,
            path: `/servers/${serverId}/${transport === 'http' ? 'mcp' : 'sse'}`,
            authorization: gw.bearer,
            concurrency: c,
            tool: tool.name,
            answer: options.tool ?? 'echo',
            expectTools: options.list ? t.listTools : undefined,
          },
        })),
      ),
    );

  const defs: WorkloadDef[] = [];
  const add = (
    id: string,
    title: string,
    hop: string | null,
    spec: Step<LoadSpec>,
    options: { transport?: Transport; concurrency: number; noUpstream?: boolean; loaders?: number },
  ) =>
    defs.push({
      id,
      title,
      hop,
      upstream: options.noUpstream ? null : hop === 'mcp-proxy' ? 'mcp-proxy-echo' : 'upstream',
      transport: options.transport ?? 'http',
      concurrency: options.concurrency,
      spec,
      watchSessions: hop?.startsWith('gateway') === true && !options.noUpstream,
      loaders: options.loaders ?? 1,
    });

  for (const c of [1, 32]) {
    const http = { concurrency: c };
    const sse = { concurrency: c, transport: 'sse' as const };
    add(
      `direct-http-c${c}`,
      'tools/call, Streamable HTTP, straight to the upstream',
      null,
      direct('http', c),
      http,
    );
    add(
      `forwarder-http-c${c}`,
      'the same through the bare forwarder',
      'forwarder',
      forwarder('http', c),
      http,
    );
    add(
      `mcp-proxy-http-c${c}`,
      'the same through mcp-proxy (stdio upstream)',
      'mcp-proxy',
      proxy('http', c),
      http,
    );
    add(
      `gateway-http-c${c}`,
      '/servers/{id}/mcp, stateless',
      'gateway',
      gateway(t.stateless, 'http', c),
      http,
    );
    add(
      `gateway-stateful-http-c${c}`,
      '/servers/{id}/mcp, stateful (Mcp-Session-Id)',
      'gateway-stateful',
      gateway(t.stateful, 'http', c),
      http,
    );
    add(`direct-sse-c${c}`, 'tools/call, HTTP+SSE, straight to the upstream', null, direct('sse', c), sse);
    add(`forwarder-sse-c${c}`, 'the same through the bare forwarder', 'forwarder', forwarder('sse', c), sse);
    if (c > 1)
      add(
        `mcp-proxy-sse-c${c}`,
        'the same through mcp-proxy (stdio upstream)',
        'mcp-proxy',
        proxy('sse', c),
        sse,
      );
    add(`gateway-sse-c${c}`, '/servers/{id}/sse', 'gateway', gateway(t.stateless, 'sse', c), sse);
  }
  add(
    'gateway-rest-c32',
    'a REST tool through the adapter, /servers/{id}/mcp',
    'gateway',
    gateway(t.stateless, 'http', 32, { tool: 'rest' }),
    { concurrency: 32 },
  );
  add(
    'gateway-list-c8',
    `tools/list of a server with ${t.listTools} tools, every page (one call = one complete listing)`,
    'gateway',
    gateway(t.stateless, 'http', 8, { list: true }),
    // Parsing a listing (10 pages of 100 tools) costs the client about as much as serving it costs the gateway:
    // one client process would cap the figure near 500/s by itself, so two share the sessions.
    { concurrency: 8, noUpstream: true, loaders: 2 },
  );
  add(
    'direct-setup-c8',
    'initialize + first tools/call + DELETE, straight to the upstream',
    null,
    then(direct('http', 8), (spec) => ({ ok: true, value: { ...spec, mode: 'setup' } })),
    { concurrency: 8 },
  );
  add(
    'gateway-setup-c8',
    'initialize + first tools/call, stateless',
    'gateway',
    gateway(t.stateless, 'http', 8, { mode: 'setup' }),
    { concurrency: 8 },
  );
  add(
    'gateway-stateful-setup-c8',
    'initialize + first tools/call + DELETE, stateful',
    'gateway-stateful',
    gateway(t.stateful, 'http', 8, { mode: 'setup' }),
    { concurrency: 8 },
  );
  return defs;
}

/** The stateful gateway's c32 workload three times back to back, each in one window of its own: RSS drift. */
export function declareDriftRuns(t: Topology): WorkloadDef[] {
  const [c32] = declareWorkloads(t).filter((def) => def.id === 'gateway-stateful-http-c32');
  return [1, 2, 3].map((n) => ({
    ...c32,
    id: `gateway-stateful-http-c32-rss${n}`,
    title: `the stateful c32 workload, back to back (run ${n} of 3, for RSS drift)`,
  }));
}
