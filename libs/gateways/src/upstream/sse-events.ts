import { SseStreamParser, type SseEvent } from './sse-stream-parser.js';

export type { SseEvent };

/**
 * Reads a `text/event-stream` body to its end, handing each complete event to `onEvent`. Resolves when the
 * stream ends, rejects when reading fails (including an abort of the request it belongs to).
 */
export function readSseEvents(
  body: NodeJS.ReadableStream,
  onEvent: (event: SseEvent) => void,
): Promise<void> {
  // Events rather than an async iterator: one promise per stream instead of one per chunk.
  return new Promise((resolve, reject) => {
    const parser = new SseStreamParser(onEvent);
    body.on('data', (chunk: Buffer | string) => {
      try {
        parser.feed(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    body.once('end', () => {
      parser.end();
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
