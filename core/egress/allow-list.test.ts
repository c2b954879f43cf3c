import { describe, expect, it } from 'vitest';
import { EgressAllowList, parseEgressAllowRule } from '../../schemas/egress';
import { ipBytes } from './address-class';
import { compileAllowList } from './allow-list';

describe('SPANLOOP_EGRESS_ALLOW', () => {
  it.each([
    ['127.0.0.1:11434', { kind: 'network', address: '127.0.0.1', prefix: 32, port: 11434 }],
    ['10.0.0.0/8', { kind: 'network', address: '10.0.0.0', prefix: 8 }],
    ['10.0.0.0/8:443', { kind: 'network', address: '10.0.0.0', prefix: 8, port: 443 }],
    ['[::1]:8000', { kind: 'network', address: '::1', prefix: 128, port: 8000 }],
    ['[fd00::/8]', { kind: 'network', address: 'fd00::', prefix: 8 }],
    ['fd00::/8', { kind: 'network', address: 'fd00::', prefix: 8 }],
    ['::1', { kind: 'network', address: '::1', prefix: 128 }],
    ['ollama.internal', { kind: 'host', host: 'ollama.internal' }],
    ['Ollama.Internal.:11434', { kind: 'host', host: 'ollama.internal', port: 11434 }],
    ['localhost:8000', { kind: 'host', host: 'localhost', port: 8000 }],
  ])('reads %s', (entry, rule) => {
    expect(parseEgressAllowRule(entry)).toEqual(rule);
  });

  it.each([
    ['127.0.0.1:0', /port/],
    ['127.0.0.1:65536', /port/],
    ['127.0.0.1:x', /port/],
    ['10.0.0.0/33', /prefix/],
    ['[::1/129]', /prefix/],
    ['127.1', /not a host name/],
    ['http://x', /not a host name|port/],
    ['exa mple', /not a host name/],
    ['ollama.internal/8', /not a host name/],
  ])('refuses %s', (entry, problem) => {
    expect(parseEgressAllowRule(entry)).toMatch(problem);
  });

  it('parses a comma list once, naming the bad entry', () => {
    expect(EgressAllowList.parse('127.0.0.1:11434, 10.0.0.0/8,,[::1]:8000,ollama.internal')).toHaveLength(4);
    expect(EgressAllowList.parse('')).toEqual([]);
    const bad = EgressAllowList.safeParse('127.0.0.1,nope nope');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('"nope nope"');
  });

  it('matches host names, networks and ports; IPv4-mapped addresses match their IPv4 entries', () => {
    const allowed = compileAllowList(
      EgressAllowList.parse('127.0.0.1:11434,10.0.0.0/8,[::1]:8000,ollama.internal'),
    );
    const a = (text: string) => ipBytes(text) as Uint8Array;
    expect(allowed('127.0.0.1', 11434, a('127.0.0.1'))).toBe(true);
    expect(allowed('127.0.0.1', 11435, a('127.0.0.1'))).toBe(false);
    expect(allowed('::ffff:127.0.0.1', 11434, a('::ffff:127.0.0.1'))).toBe(true);
    expect(allowed('x.example', 80, a('10.9.8.7'))).toBe(true);
    expect(allowed('x.example', 80, a('11.0.0.1'))).toBe(false);
    expect(allowed('::1', 8000, a('::1'))).toBe(true);
    expect(allowed('::1', 8001, a('::1'))).toBe(false);
    expect(allowed('OLLAMA.internal.', 1234, a('192.168.0.5'))).toBe(true);
    expect(allowed('other.internal', 1234, a('192.168.0.5'))).toBe(false);
    // NAT64 and 6to4 forms are other hosts: they do not inherit an IPv4 entry.
    expect(allowed('64:ff9b::7f00:1', 11434, a('64:ff9b::7f00:1'))).toBe(false);
    expect(compileAllowList([])('127.0.0.1', 80, a('127.0.0.1'))).toBe(false);
  });
});
