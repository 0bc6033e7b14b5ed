import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type { EventSourceMessage };

/**
 * Reads a `text/event-stream` body to its end, handing each complete event to `onEvent`. Resolves when the
 * stream ends, rejects when reading fails (including an abort of the request it belongs to).
 */
export async function readSseEvents(
  body: AsyncIterable<Uint8Array | string>,
  onEvent: (event: EventSourceMessage) => void,
): Promise<void> {
  const parser = createParser({ onEvent });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  parser.feed(decoder.decode());
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
