import { describe, expect, it } from 'vitest';
import { deviceIdRecognizer } from './device-id.ts';
import { analyze } from '../analyzer.ts';

const opts = { phoneRegions: ['US'] };
const found = (t: string): [string, number][] => deviceIdRecognizer.analyze(t, opts).map((r) => [t.slice(r.start, r.end), r.score]);
const reported = (t: string): string[] => analyze(t, { entities: ['DEVICE_ID', 'CREDIT_CARD', 'PHONE_NUMBER', 'US_SSN'] }).map((f) => `${f.entityType}:${t.slice(f.start, f.end)}`);

describe('device id recognizer', () => {
  it('finds IMEIs with a valid Luhn digit, formatted or compact', () => {
    expect(found('49-015420-323751-8 and 490154203237518')).toEqual([['49-015420-323751-8', 0.7], ['490154203237518', 0.5]]);
    expect(found('490154203237519')).toEqual([]);
  });
  it('tells a 15-digit IMEI from an Amex card number', () => {
    expect(reported('IMEI 49-015420-323751-8 (490154203237518 on the box); paid with 3782 822463 10005')).toEqual([
      'DEVICE_ID:49-015420-323751-8',
      'DEVICE_ID:490154203237518',
      'CREDIT_CARD:3782 822463 10005',
    ]);
    expect(reported('card 378282246310005')).toEqual(['CREDIT_CARD:378282246310005']);
  });
  it('reports advertising ids and Android IDs only with a cue', () => {
    const uuid = '5e2c7a10-b3f1-4c2d-9046-5550123ab0c1';
    expect(reported(`request id ${uuid} pls check`)).toEqual([]);
    expect(reported(`the idfa is ${uuid}`)).toEqual([`DEVICE_ID:${uuid}`]);
    expect(reported('android id: 9774d56d682e549c')).toEqual(['DEVICE_ID:9774d56d682e549c']);
    expect(reported('commit 9774d56d682e549c fixed it')).toEqual([]);
  });
});
