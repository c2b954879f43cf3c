import { describe, expect, it } from 'vitest';
import { classifyAddress, ipBytes, type AddressClass } from './address-class';

const cases: [string, AddressClass][] = [
  ['8.8.8.8', 'public'],
  ['1.1.1.1', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.1', 'public'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['100.100.100.200', 'carrier-grade NAT'],
  ['100.128.0.1', 'public'],
  ['169.254.169.254', 'link-local'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['203.0.113.9', 'reserved'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:169.254.169.254', 'link-local'],
  ['::ffff:8.8.8.8', 'public'],
  ['::127.0.0.1', 'loopback'],
  ['::10.0.0.1', 'private'],
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'link-local'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['64:ff9b:1::1', 'private'],
  ['2002:7f00:1::1', 'loopback'],
  ['2002:a00:1::', 'private'],
  ['2002:808:808::1', 'public'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['fc00::1', 'private'],
  ['fd00:ec2::254', 'private'],
  ['fec0::1', 'private'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'reserved'],
  ['2001::1', 'reserved'],
  ['100::1', 'reserved'],
  ['2606:4700:4700::1111', 'public'],
  ['2a00:1450:4001::1', 'public'],
  ['[::1]', 'loopback'],
];

describe('address classes', () => {
  it.each(cases)('%s is %s', (text, cls) => {
    const bytes = ipBytes(text);
    expect(bytes).toBeDefined();
    expect(classifyAddress(bytes as Uint8Array)).toBe(cls);
  });

  it('reads IPv6 text into 16 bytes, and nothing else as an address', () => {
    expect(Array.from(ipBytes('1:2::ff') ?? [])).toEqual([0, 1, 0, 2, ...Array<number>(10).fill(0), 0, 0xff]);
    expect(Array.from(ipBytes('::ffff:1.2.3.4') ?? []).slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    for (const text of ['127.1', 'localhost', '1.2.3.4.5', '::g', '', '2130706433'])
      expect(ipBytes(text)).toBeUndefined();
  });

  it('is given what the WHATWG URL parser makes of 127.1, 0x7f.1, 2130706433 and 0177.0.0.1', () => {
    for (const host of ['127.1', '0x7f.1', '2130706433', '0177.0.0.1', '0x7f000001'])
      expect(classifyAddress(ipBytes(new URL(`http://${host}/`).hostname) as Uint8Array)).toBe('loopback');
    expect(new URL('http://[::ffff:127.0.0.1]/').hostname).toBe('[::ffff:7f00:1]');
    expect(classifyAddress(ipBytes(new URL('http://[::ffff:127.0.0.1]/').hostname) as Uint8Array)).toBe(
      'loopback',
    );
  });
});
