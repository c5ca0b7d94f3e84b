import { describe, expect, it } from 'vitest';
import { createHostScope, normalizeUrl } from './url.ts';

describe('normalizeUrl', () => {
  it('canonicalises what makes two URLs the same page', () => {
    expect(normalizeUrl('HTTP://Example.ORG:80/a/../b?z=1&a=2&utm_source=x#frag')).toBe(
      'http://example.org/b?a=2&z=1',
    );
    expect(normalizeUrl('https://example.org:443/x?fbclid=abc')).toBe('https://example.org/x');
    expect(normalizeUrl('/ad/5#photos', 'http://127.0.0.1:8080/list?page=2')).toBe(
      'http://127.0.0.1:8080/ad/5',
    );
  });

  it('gives null for what cannot be crawled', () => {
    expect(normalizeUrl('mailto:a@b.c')).toBeNull();
    expect(normalizeUrl('javascript:alert(1)')).toBeNull();
    expect(normalizeUrl('http://user:pw@example.org/')).toBeNull();
    expect(normalizeUrl('http://[bad')).toBeNull();
  });
});

describe('createHostScope', () => {
  it('allows start URL hosts (with their port), listed hosts, any port of a bare host, and wildcard subdomains', () => {
    const inScope = createHostScope(['http://127.0.0.1:4000/s/x'], ['t.me', '*.example.org']);
    expect(inScope('http://127.0.0.1:4000/other')).toBe(true);
    expect(inScope('http://127.0.0.1:5000/other')).toBe(false);
    expect(inScope('https://t.me/s/channel')).toBe(true);
    expect(inScope('https://cdn.example.org/x')).toBe(true);
    expect(inScope('https://example.org.evil.com/x')).toBe(false);
    expect(inScope('not a url')).toBe(false);
  });
});
