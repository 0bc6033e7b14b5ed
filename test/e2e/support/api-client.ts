import { type Json } from './gateway-process.js';

export interface ApiResponse {
  status: number;
  body: Json;
  headers: Headers;
}

/** A tiny authenticated JSON client for e2e tests: `api.post('/tools', {...})`. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly authorization: string,
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: this.authorization,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...extraHeaders,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: Json = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get(path: string): Promise<ApiResponse> {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown): Promise<ApiResponse> {
    return this.request('POST', path, body);
  }
  put(path: string, body?: unknown): Promise<ApiResponse> {
    return this.request('PUT', path, body);
  }
  delete(path: string): Promise<ApiResponse> {
    return this.request('DELETE', path);
  }
}
