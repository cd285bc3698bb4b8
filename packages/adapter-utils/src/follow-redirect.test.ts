import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { followRedirect, type RedirectableRequest } from './follow-redirect.js';

function answer(status: number, location?: string): IncomingMessage {
  return { statusCode: status, headers: location === undefined ? {} : { location } } as IncomingMessage;
}

const post: RedirectableRequest = {
  url: new URL('http://127.0.0.1:8080/v1/completions'),
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer k-1' },
  body: '{"prompt":"x"}',
};

describe('followRedirect', () => {
  it('repeats the method, headers and body on 307 and 308, resolving a relative Location', () => {
    for (const status of [307, 308]) {
      const next = followRedirect(post, answer(status, '/v1/completions/'));
      expect(next?.url.href).toBe('http://127.0.0.1:8080/v1/completions/');
      expect(next?.method).toBe('POST');
      expect(next?.body).toBe(post.body);
      expect(next?.headers).toEqual(post.headers);
    }
  });

  it('turns a POST into a GET without body on 303, 301 and 302', () => {
    for (const status of [301, 302, 303]) {
      const next = followRedirect(post, answer(status, '/elsewhere'));
      expect(next?.method).toBe('GET');
      expect(next?.body).toBeUndefined();
      expect(next?.headers).toEqual({ authorization: 'Bearer k-1' });
    }
  });

  it('does not send the credentials on to another origin', () => {
    const next = followRedirect(post, answer(307, 'https://other.example/v1/completions'));
    expect(next?.url.origin).toBe('https://other.example');
    expect(next?.headers.authorization).toBeUndefined();
    expect(next?.headers['content-type']).toBe('application/json');
  });

  it('leaves answers that are no redirect to follow alone', () => {
    expect(followRedirect(post, answer(200, '/x'))).toBeUndefined();
    expect(followRedirect(post, answer(304, '/x'))).toBeUndefined();
    expect(followRedirect(post, answer(302))).toBeUndefined();
    expect(followRedirect(post, answer(302, 'ftp://host/file'))).toBeUndefined();
  });
});
