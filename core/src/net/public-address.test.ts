import { isPublicAddress } from './public-address';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    '0:0:0:0:0:0:0:1',
    'fe80::1',
    'fe80::1%lo',
    'fd00::1',
    'fec0::1',
    'ff02::1',
    '2001:db8::1',
    'localhost',
    'example.com',
    '',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));

  // An IPv4 address inside an IPv6 one reaches the IPv4 host: every spelling of loopback, private and
  // metadata addresses in the mapped (::ffff:0:0/96), compatible (::/96), translated (::ffff:0:0:0/96),
  // NAT64 and 6to4 forms must be refused. The URL parser hands the hex forms over.
  it.each([
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '::FFFF:7F00:0001',
    '0:0:0:0:0:ffff:127.0.0.1',
    '0000:0000:0000:0000:0000:ffff:7f00:0001',
    '::ffff:a9fe:a9fe',
    '::ffff:c0a8:101',
    '::127.0.0.1',
    '::7f00:1',
    '::a9fe:a9fe',
    '::8.8.8.8',
    '::808:808',
    '::ffff:0:127.0.0.1',
    '::ffff:0:7f00:1',
    '64:ff9b::127.0.0.1',
    '64:ff9b::8.8.8.8',
    '64:ff9b:1::7f00:1',
    '2002:7f00:1::',
    '2002:a9fe:a9fe::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
  ])('refuses the IPv6 form %s', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2400:3200::1', '240e::1', '::ffff:8.8.8.8', '::ffff:808:808', '2002:808:808::1'])(
    'admits %s',
    (address) => expect(isPublicAddress(address)).toBe(true),
  );
});
