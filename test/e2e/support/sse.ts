export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export interface SseReader {
  /** Resolves once the response headers arrived (the subscription is live). */
  opened: Promise<Response>;
  /** Resolves with the next `count` events (waiting up to `timeoutMs`). */
  next(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

/** Reads a Server-Sent Events stream with fetch, for tests. */
export function readSseEvents(url: string, headers: Record<string, string> = {}): SseReader {
  const controller = new AbortController();
  const queue: SseEvent[] = [];
  let wake: (() => void) | undefined;
  const opened = fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });

  void opened
    .then(async (res) => {
      if (!res.body) return;
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { event: 'message', data: '' };
          const data: string[] = [];
          for (const line of frame.split('\n')) {
            if (line.startsWith('event:')) event.event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
            else if (line.startsWith('id:')) event.id = line.slice(3).trim();
          }
          if (data.length > 0) {
            event.data = data.join('\n');
            queue.push(event);
            wake?.();
          }
        }
      }
    })
    .catch(() => undefined);

  return {
    opened,
    async next(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} SSE events, got ${queue.length}: ${JSON.stringify(queue)}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      return queue.splice(0, count);
    },
    close: () => controller.abort(),
  };
}
