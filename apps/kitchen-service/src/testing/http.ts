// Test-only: tiny fetch wrappers that return status and parsed JSON.
export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

async function answer<T>(response: Response): Promise<HttpAnswer<T>> {
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function get<T = Record<string, unknown>>(url: string): Promise<HttpAnswer<T>> {
  return answer<T>(await fetch(url));
}

export async function post<T = Record<string, unknown>>(url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
  const init: RequestInit = { method: 'POST', headers };
  if (body !== undefined) {
    init.headers = { ...headers, 'content-type': 'application/json' };
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  return answer<T>(await fetch(url, init));
}
