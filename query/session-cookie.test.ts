import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { sessionCookieSecure } from './session-cookie';

const app = new Hono().get('/', (c) => c.text(String(sessionCookieSecure(c))));
const secure = async (url: string, headers: Record<string, string> = {}) =>
  (await app.request(url, { headers })).text();

describe('sessionCookieSecure', () => {
  it('is Secure over HTTPS, behind a proxy that says so, and on loopback', async () => {
    expect(await secure('https://spanloop.example/')).toBe('true');
    expect(await secure('http://10.0.0.5:8080/', { 'x-forwarded-proto': 'https, http' })).toBe('true');
    expect(await secure('http://127.0.0.1:8080/')).toBe('true');
    expect(await secure('http://localhost:8080/', { host: 'localhost:8080' })).toBe('true');
    expect(await secure('http://[::1]:8080/')).toBe('true');
  });

  it('is not Secure over plain HTTP to another address, where browsers would drop the cookie', async () => {
    expect(await secure('http://10.0.0.5:8080/')).toBe('false');
    expect(await secure('http://127.0.0.1:8080/', { host: 'spanloop.lan:8080' })).toBe('false');
    expect(await secure('http://spanloop.lan/', { 'x-forwarded-proto': 'http' })).toBe('false');
  });
});
