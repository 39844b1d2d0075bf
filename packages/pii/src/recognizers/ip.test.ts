import { describe, expect, it } from 'vitest';
import { findIps, ipRecognizer } from './ip.ts';
import { analyze } from '../analyzer.ts';

const opts = { phoneRegions: ['US'] };
const spans = (t: string): string[] => ipRecognizer.analyze(t, opts).map((r) => t.slice(r.start, r.end));

describe('ip recognizer', () => {
  it('finds strict IPv4 with optional CIDR, in punctuation', () => {
    expect(spans('from 192.0.2.44, (192.0.2.1) and 192.0.2.0/24.')).toEqual(['192.0.2.44', '192.0.2.1', '192.0.2.0/24']);
  });
  it('rejects out-of-range parts, leading zeros, three parts and version-like runs', () => {
    expect(spans('192.0.2.256 300.1.1.1 192.0.02.1 192.0.2')).toEqual([]);
    expect(spans('version 1.2.3.4.5 and 10.1.2.3.4')).toEqual([]);
    expect(spans('v1.2.3.4')).toEqual([]);
  });
  it('reads version strings as versions, not addresses, unless an IP cue says otherwise (issue 7 item 10)', () => {
    const found = (t: string): string[] => analyze(t, { entities: ['IP_ADDRESS'] }).map((f) => t.slice(f.start, f.end));
    expect(found('Version 2.0.0.1 is deployed')).toEqual([]);
    expect(found('we upgraded to release 3.1.4.1 yesterday')).toEqual([]);
    expect(found('ships 1.84.1.0 tomorrow')).toEqual([]);
    // an IP cue keeps the address, with or without a version cue
    expect(found('version 2.0.0.1 runs on host 192.0.2.10')).toEqual(['192.0.2.10']);
    expect(found('the ip of the build box is 10.1.2.0')).toEqual(['10.1.2.0']);
    expect(found('reach 192.0.2.44 after the update')).toEqual(['192.0.2.44']);
    // a version word elsewhere in the sentence is no version cue
    expect(found('the build server is at 192.0.2.10 again')).toEqual(['192.0.2.10']);
    expect(found('after the upgrade the box got 192.0.2.0')).toEqual([]);
    expect(found('Default 0.0.0.0 and 192.0.2.0/24')).toEqual(['0.0.0.0', '192.0.2.0/24']);
    // a network word is an IP cue for a quad ending in .0
    expect(found('Subnet 172.16.0.0')).toEqual(['172.16.0.0']);
    expect(found('Private 10.0.0.0')).toEqual(['10.0.0.0']);
  });
  it('finds defanged IPv4 (brackets, spelled or spaced dots, middle dots) and leaves lists and bad parts alone', () => {
    expect(spans('ip 192[.]0[.]2[.]44 x')).toEqual(['192[.]0[.]2[.]44']);
    expect(spans('from 192(.)0(.)2(.)44 and 192[dot]0[dot]2[dot]44')).toEqual(['192(.)0(.)2(.)44', '192[dot]0[dot]2[dot]44']);
    expect(spans('at 192 . 0 . 2 . 44 or 192 dot 0 dot 2 dot 44 or 192\u00b70\u00b72\u00b744')).toEqual(['192 . 0 . 2 . 44', '192 dot 0 dot 2 dot 44', '192\u00b70\u00b72\u00b744']);
    expect(spans('host 192.0.2[.]44')).toEqual(['192.0.2[.]44']);
    expect(spans('300[.]1[.]1[.]1, 1 . 2 . 3 and Step 1. 2. 3. 4.')).toEqual([]);
    expect(spans('plain 192.0.2.44')).toEqual(['192.0.2.44']);
  });
  it('finds IPv6 in full, compressed, embedded-IPv4, zone and prefix forms', () => {
    expect(spans('login from 2001:0db8:85a3:0000:0000:8a2e:0370:7334 ok')).toEqual(['2001:0db8:85a3:0000:0000:8a2e:0370:7334']);
    expect(spans('[2001:db8::1]:8080')).toEqual(['2001:db8::1']);
    const t = '::ffff:192.0.2.1 and fe80::1%eth0 and 2001:db8::/32';
    // the recognizer also returns the embedded IPv4; the analyzer's conflict strategy keeps the longer span
    expect(spans(t)).toContain('::ffff:192.0.2.1');
    expect(analyze(t, { entities: ['IP_ADDRESS'] }).map((f) => t.slice(f.start, f.end))).toEqual(['::ffff:192.0.2.1', 'fe80::1%eth0', '2001:db8::/32']);
    expect(spans('loopback ::1.')).toEqual(['::1']);
  });
  it('does not report ::, times, MACs, C++ scopes or glued tokens', () => {
    expect(spans('server binds to :: on 443')).toEqual([]);
    expect(spans('Time 12:34:56 ratio 1:2:3:4 MyClass::toString')).toEqual([]);
    expect(spans('MAC aa:bb:cc:dd:ee:ff')).toEqual([]);
    expect(spans('text2001:db8::1 2001::db8::1')).toEqual([]);
  });
});

describe('red team 4: an IPv4 address split over a line break at a dot', () => {
  it('is found whole (before: no finding)', () => {
    for (const t of ['from 192.0.2.\n44 today', 'from 192.0.\n2.44 today', 'from 192.0.2\n.44 today']) {
      expect(findIps(t).map((f) => t.slice(f.start, f.end))).toEqual([t.slice(5, -6)]);
    }
  });
});
