import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type { EventSourceMessage };

/**
 * Reads a `text/event-stream` body to its end, handing each complete event to `onEvent`. Resolves when the
 * stream ends, rejects when reading fails (including an abort of the request it belongs to).
 */
export function readSseEvents(
  body: NodeJS.ReadableStream,
  onEvent: (event: EventSourceMessage) => void,
): Promise<void> {
  // Events rather than an async iterator: one promise per stream instead of one per chunk.
  return new Promise((resolve, reject) => {
    const parser = createParser({ onEvent });
    const decoder = new TextDecoder();
    body.on('data', (chunk: Uint8Array | string) => {
      try {
        parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    body.once('end', () => {
      parser.feed(decoder.decode());
      resolve();
    });
    body.once('error', reject);
    body.once('close', () => resolve());
  });
}

/** The JSON-RPC message(s) an event's data carries (an object or a batch); malformed data gives none. */
export function messagesOf(data: string): unknown[] {
  if (data.length === 0) return [];
  try {
    const parsed: unknown = JSON.parse(data);
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return [];
  }
}
