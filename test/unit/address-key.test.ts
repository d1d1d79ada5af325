import { addressKey } from '../../lambdas/auth/address-key';

describe('the client key of an address', () => {
  it('is an IPv4 address itself, also when written IPv4-mapped', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('is the /64 network of an IPv6 address, however it is written', () => {
    const key = '2001:db8:85a3:1::/64';
    expect(addressKey('2001:db8:85a3:1::1')).toBe(key);
    expect(addressKey('2001:0db8:85a3:0001:ffff:ffff:ffff:ffff')).toBe(key);
    expect(addressKey('2001:DB8:85A3:1:0:0:0:2%eth0')).toBe(key);
    expect(addressKey('2001:db8:85a3:2::1')).not.toBe(key);
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('is one shared key for anything that is not an address', () => {
    expect(addressKey('')).toBe('unknown');
    expect(addressKey('not an address')).toBe('unknown');
  });
});
