import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { classify, errorResponse, type JsonRpcResponse } from '../protocol/jsonrpc.js';
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
 * runs requests concurrently with an AbortController per request (for notifications/cancelled), and hands
 * notifications to the dispatcher. Never throws.
 */
@Injectable()
export class MessageProcessor {
  constructor(private readonly dispatcher: McpDispatcher) {}

  async process(session: McpSession, body: unknown): Promise<Processed> {
    const batch = Array.isArray(body);
    const messages = batch ? (body as unknown[]) : [body];
    if (batch && messages.length === 0) {
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
      switch (message.kind) {
        case 'invalid':
          pending.push(Promise.resolve(message.error));
          break;
        case 'notification':
          this.dispatcher.handleNotification(session, message.message);
          break;
        case 'response':
          // The client's answer to a request the gateway sent it (sampling, elicitation, roots).
          session.receiveResponse(message.message);
          break;
        case 'request': {
          const request = message.message;
          const controller = new AbortController();
          session.inflight.set(request.id, controller);
          pending.push(
            this.dispatcher.handleRequest(session, request).finally(() => {
              if (session.inflight.get(request.id) === controller) session.inflight.delete(request.id);
            }),
          );
          break;
        }
      }
    }
    return { responses: await Promise.all(pending), hadRequests: pending.length > 0, batch };
  }
}
