import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { Cancellation } from '@app/common';
import {
  classify,
  errorResponse,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from '../protocol/jsonrpc.js';
import type { McpSession } from '../session/mcp-session.js';
import { McpDispatcher } from './mcp-dispatcher.js';

export interface Processed {
  /** Answers to the requests, in the order they came (JSON-RPC errors included). */
  responses: JsonRpcResponse[];
  /** True when the body held at least one request (so an answer is due, not just 202). */
  hadRequests: boolean;
  /** True when the body was a JSON array (a batch), so the answer is an array too. */
  batch: boolean;
}

const MAX_BATCH = 100;

/**
 * Turns a parsed body (one message or a batch) into answers, whatever the transport: classifies each message,
 * runs requests concurrently with a Cancellation per request (for notifications/cancelled), and hands
 * notifications to the dispatcher. Never throws.
 */
@Injectable()
export class MessageProcessor {
  constructor(private readonly dispatcher: McpDispatcher) {}

  async process(session: McpSession, body: unknown): Promise<Processed> {
    if (!Array.isArray(body)) {
      // One message, the common case: no batch bookkeeping.
      const message = classify(body);
      if (message.kind === 'request')
        return { responses: [await this.run(session, message.message)], hadRequests: true, batch: false };
      if (message.kind === 'invalid') return { responses: [message.error], hadRequests: true, batch: false };
      this.take(session, message);
      return { responses: [], hadRequests: false, batch: false };
    }
    const messages = body as unknown[];
    if (messages.length === 0) {
      return {
        responses: [errorResponse(null, ErrorCode.InvalidRequest, 'Invalid Request: empty batch')],
        hadRequests: true,
        batch: false,
      };
    }
    if (messages.length > MAX_BATCH) {
      return {
        responses: [
          errorResponse(
            null,
            ErrorCode.InvalidRequest,
            `Invalid Request: a batch holds at most ${MAX_BATCH} messages`,
          ),
        ],
        hadRequests: true,
        batch: false,
      };
    }
    const pending: Promise<JsonRpcResponse>[] = [];
    for (const raw of messages) {
      const message = classify(raw);
      if (message.kind === 'request') pending.push(this.run(session, message.message));
      else if (message.kind === 'invalid') pending.push(Promise.resolve(message.error));
      else this.take(session, message);
    }
    return { responses: await Promise.all(pending), hadRequests: pending.length > 0, batch: true };
  }

  /** Answers one request, with the controller that notifications/cancelled (and a timeout) abort it by. */
  private async run(session: McpSession, request: JsonRpcRequest): Promise<JsonRpcResponse> {
    const controller = new Cancellation();
    const handle = session.track(request.id, controller);
    try {
      return await this.dispatcher.handleRequest(session, request, controller);
    } finally {
      session.untrack(handle);
    }
  }

  /** A notification, or the client's answer to a request the gateway sent it (sampling, elicitation, roots). */
  private take(
    session: McpSession,
    message:
      { kind: 'notification'; message: JsonRpcNotification } | { kind: 'response'; message: JsonRpcResponse },
  ): void {
    if (message.kind === 'notification') this.dispatcher.handleNotification(session, message.message);
    else session.receiveResponse(message.message);
  }
}
