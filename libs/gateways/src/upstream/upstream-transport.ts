import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { Dispatcher } from 'undici';
import type { CallSignal } from '@app/common';
import { parseRetryAfter } from '@app/tools';
import { messageKind } from './jsonrpc-shape.js';
import { UpstreamHttpError } from './upstream-errors.js';

/** Where and how to reach one upstream. */
export interface UpstreamEndpoint {
  url: URL;
  /** Sent with every request: the upstream's credentials and custom headers. */
  headers: Record<string, string>;
  /** The keep-alive pool for the URL's origin (owned by the caller, shared by the session's requests). */
  dispatcher: Dispatcher;
}

/** The SDK's send options, plus the caller's signal for requests sent outside the SDK. */
export type UpstreamSendOptions = TransportSendOptions & { signal?: CallSignal };

/** Longest error body kept for a message. */
const ERROR_EXCERPT = 300;

/**
 * The MCP SDK `Transport` contract on undici, plus what the gateway needs to relay an upstream's own requests
 * (sampling, elicitation, roots) to the client whose call caused them: outgoing request ids are reported, and
 * server requests are handed over with the id of the request whose stream carried them, when the wire says.
 */
export abstract class UpstreamTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  sessionId?: string;
  /**
   * Sees every received message first, with the id of the request whose answer stream carried it (when the wire
   * says); returning true keeps it from the SDK. The session's own call path and the relay of server requests
   * live here.
   */
  intercept?: (message: unknown, relatedTo: RequestId | undefined) => boolean;

  protected closed = false;
  protected protocolVersion?: string;

  constructor(protected readonly endpoint: UpstreamEndpoint) {}

  abstract start(): Promise<void>;
  /** Sends a message; `signal` (for requests sent outside the SDK) aborts its HTTP exchange. */
  abstract send(message: JSONRPCMessage, options?: UpstreamSendOptions): Promise<void>;
  abstract close(): Promise<void>;

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  /** Hands one received message on: to the interceptor if it takes it, else to the SDK. */
  protected deliver(message: unknown, relatedTo?: RequestId): void {
    if (this.closed) return;
    if (this.intercept?.(message, relatedTo)) return;
    if (messageKind(message)) {
      this.onmessage?.(message as JSONRPCMessage);
      return;
    }
    this.onerror?.(new Error('upstream sent a message that is not JSON-RPC'));
  }

  protected headers(extra: Record<string, string>): Record<string, string> {
    return {
      ...this.endpoint.headers,
      ...(this.protocolVersion && { 'mcp-protocol-version': this.protocolVersion }),
      ...extra,
    };
  }

  /** Marks the transport closed once and tells the SDK. */
  protected finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}

/** The path and query of a URL, as undici's `request` wants them beside the pool's origin. */
export function pathOf(url: URL): string {
  return `${url.pathname}${url.search}`;
}

/** A short excerpt of an error body, for a message. */
export function excerptOf(text: string): string {
  return text
    .slice(0, ERROR_EXCERPT * 4)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, ERROR_EXCERPT);
}

/** Reads an error body and keeps a short excerpt of it, for a message. */
export async function errorExcerpt(body: Dispatcher.ResponseData['body']): Promise<string> {
  try {
    return excerptOf(await body.text());
  } catch {
    return '';
  }
}

/** Throws the HTTP failure of an upstream answer, with its body excerpt and Retry-After. */
export async function throwHttpFailure(response: Dispatcher.ResponseData): Promise<never> {
  const detail = await errorExcerpt(response.body);
  throw new UpstreamHttpError(response.statusCode, detail, parseRetryAfter(response.headers['retry-after']));
}

/** The media type of a response, lower-cased, without parameters. */
export function mediaTypeOf(headers: Dispatcher.ResponseData['headers']): string {
  const value = headers['content-type'];
  const text = Array.isArray(value) ? value[0] : value;
  return (text ?? '').split(';')[0].trim().toLowerCase();
}

/** A response header as one string. */
export function headerOf(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
