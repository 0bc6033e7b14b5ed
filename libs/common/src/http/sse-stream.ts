import type { Request, Response } from 'express';

export interface SseStream {
  /** Sends one event; `data` is JSON-encoded unless it is already a string. */
  send(data: unknown, event?: string, id?: string): void;
  close(): void;
  readonly closed: boolean;
}

export interface SseOptions {
  /** Reconnection delay suggested to the client (SSE `retry:`), milliseconds. */
  retryMs: number;
  /** Interval of comment lines that keep proxies from closing an idle stream, milliseconds. */
  keepAliveMs?: number;
  onClose?: () => void;
}

/**
 * Turns a response into a Server-Sent Events stream: headers that stop proxy buffering, a retry hint,
 * keep-alive comments, and clean-up when the client goes away.
 */
export function openSseStream(req: Request, res: Response, options: SseOptions): SseStream {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write(`retry: ${options.retryMs}\n\n`);

  let closed = false;
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), options.keepAliveMs ?? 15_000);
  keepAlive.unref();
  const stream: SseStream = {
    get closed() {
      return closed;
    },
    send(data, event, id) {
      if (closed) return;
      const payload = typeof data === 'string' ? data : JSON.stringify(data);
      let frame = '';
      if (id) frame += `id: ${id}\n`;
      if (event) frame += `event: ${event}\n`;
      for (const line of payload.split('\n')) frame += `data: ${line}\n`;
      res.write(`${frame}\n`);
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(keepAlive);
      options.onClose?.();
      res.end();
    },
  };
  req.on('close', () => stream.close());
  return stream;
}
