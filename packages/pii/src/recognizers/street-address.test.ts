import { describe, expect, it } from 'vitest';
import { streetAddressRecognizer } from './street-address.ts';

const found = (text: string): string[] =>
  streetAddressRecognizer.analyze(text, { phoneRegions: [] }).map((r) => text.slice(r.start, r.end));

describe('street address recognizer', () => {
  it('finds US addresses and stops where the address stops', () => {
    expect(found('I live at 123 Main Street, Springfield, IL 62704 since May.')).toEqual(['123 Main Street, Springfield, IL 62704']);
    expect(found('ship to 742 Evergreen Terrace Apt 4B, Springfield, OR 97403-1234.')).toEqual([
      '742 Evergreen Terrace Apt 4B, Springfield, OR 97403-1234',
    ]);
    expect(found('the office at 1600 Pennsylvania Avenue NW, Washington, DC 20500')).toEqual([
      '1600 Pennsylvania Avenue NW, Washington, DC 20500',
    ]);
    expect(found('meet at 5 Park Lane then lunch')).toEqual(['5 Park Lane']);
    expect(found('at 123 Main St. Then we left')).toEqual(['123 Main St.']);
    expect(found('drop it at 350 5th Ave, thanks')).toEqual(['350 5th Ave']);
  });

  it('finds UK addresses with postcodes', () => {
    expect(found('10 Downing Street, London SW1A 2AA is famous')).toEqual(['10 Downing Street, London SW1A 2AA']);
  });

  it('finds continental European forms', () => {
    expect(found('Hauptstraße 5, 10115 Berlin ist')).toEqual(['Hauptstraße 5, 10115 Berlin']);
    expect(found('Berliner Straße 12')).toEqual(['Berliner Straße 12']);
    expect(found('Rue de Rivoli 12')).toEqual(['Rue de Rivoli 12']);
    expect(found('He lives at 12 rue de Rivoli, 75001 Paris.')).toEqual(['12 rue de Rivoli, 75001 Paris']);
    expect(found('Via Roma 1, 00184 Roma')).toEqual(['Via Roma 1, 00184 Roma']);
    expect(found('Storgata gate 12')).toEqual(['Storgata gate 12']);
  });

  it('finds multi-line postal blocks, P.O. boxes and military addresses', () => {
    expect(found('Jane Doe\n4521 Exampleweg 25\nApt. 864\nSpringfield\nNetherlands 62704\n\nThanks')).toEqual([
      '4521 Exampleweg 25\nApt. 864\nSpringfield\nNetherlands 62704',
    ]);
    expect(found('PO Box 1234')).toEqual(['PO Box 1234']);
    expect(found('PSC 1234, Box 5678\nAPO AE 09001')).toEqual(['PSC 1234, Box 5678\nAPO AE 09001']);
    expect(found('Jane lives at 123 Exampleton 80, Springfield')).toEqual(['123 Exampleton 80, Springfield']);
  });

  it('keeps the whole address one span: months and articles in names, USPS types, CA postcodes, units and last lines (issue 9)', () => {
    expect(found('I live at 1420 May Street, Springfield, IL 62704')).toEqual(['1420 May Street, Springfield, IL 62704']);
    expect(found('at 88 The Meadows Drive, Leeds LS1 4AB.')).toEqual(['88 The Meadows Drive, Leeds LS1 4AB']);
    expect(found('send it to 12 Example Crossroad, Toronto, ON M5V 2T6 please')).toEqual(['12 Example Crossroad, Toronto, ON M5V 2T6']);
    // "United" is a word, not the unit designator "Unit" + "ed"
    expect(found('ship to 14 Example Street\n Suite 321\n LONDON\n United Kingdom 75419')).toEqual(['14 Example Street\n Suite 321\n LONDON\n United Kingdom 75419']);
    expect(found('ship to 500 Oak Ave Apt 4 Springfield IL 62704 asap')).toEqual(['500 Oak Ave Apt 4 Springfield IL 62704']);
    expect(found('12 Exampleweg 8\n Suite 100\n Springfield\n Uruguay')).toEqual(['12 Exampleweg 8\n Suite 100\n Springfield\n Uruguay']);
    // a second number before a street word and a unit after a name-first street
    expect(found('9554 62 Rue Example Apt. 981\nToronto\n, ON\n 82269')).toEqual(['9554 62 Rue Example Apt. 981\nToronto\n, ON\n 82269']);
    expect(found('48010 Paseo del Ejemplo 81\n Suite 762\n Torroella de Montgrí\n Spain 20416')).toEqual(['48010 Paseo del Ejemplo 81\n Suite 762\n Torroella de Montgrí\n Spain 20416']);
    expect(found('at 7494 Examplevegur 97 Suite 568 Apt. 108, Springfield, Examplia 35940.')).toEqual(['7494 Examplevegur 97 Suite 568 Apt. 108, Springfield, Examplia 35940']);
    expect(found('P.O. Box 149 Example Union\n Apt. 485\n Springfield\n Examplia 52888')).toEqual(['P.O. Box 149 Example Union\n Apt. 485\n Springfield\n Examplia 52888']);
    expect(found('Unit 0822 Box 8858\nDPO AA 13319')).toEqual(['Unit 0822 Box 8858\nDPO AA 13319']);
    // a military box overlapping a shorter street reading is kept whole
    expect(found('Unit 4719 Box 7394\nDPO AP 70942')).toEqual(['Unit 4719 Box 7394\nDPO AP 70942']);
  });

  it('ignores numbers followed by ordinary words', () => {
    expect(found('Windows 10 Home is great')).toEqual([]);
    expect(found('I have 3 apples on the road')).toEqual([]);
    expect(found('Windows 10 Home Edition')).toEqual([]);
    expect(found('I have 12 Windows 10, Linux boxes')).toEqual([]);
    expect(found('During 1971, Example Corp grew')).toEqual([]);
    expect(found('Python 3\nJava 8')).toEqual([]);
    expect(found('upgrade to Node 20\nthen run')).toEqual([]);
    expect(found('request id 5e2c7a10-b3f1-4c2d-9046-5550123ab0c1 pls check')).toEqual([]);
  });

  it('completes quickly on pathological repetitions', () => {
    expect(found('1 Aa '.repeat(20000))).toBeInstanceOf(Array);
    expect(found('12 Main\n'.repeat(10000))).toBeInstanceOf(Array);
    expect(found('A'.repeat(60000) + 'straße 5')).toBeInstanceOf(Array);
    expect(found('1 de '.repeat(20000))).toBeInstanceOf(Array);
  });
  it('returns valid spans on bad input (empty, NUL, lone surrogates, astral characters)', () => {
    for (const text of ['', '\u0000', '\uD800 x \uDC00', '😀'.repeat(100), '\u0000@\u0000 1 Main St \uD83D', 'a'.repeat(100000)]) {
      for (const r of streetAddressRecognizer.analyze(text, { phoneRegions: [] })) {
        expect(r.start).toBeGreaterThanOrEqual(0);
        expect(r.end).toBeLessThanOrEqual(text.length);
        expect(r.start).toBeLessThan(r.end);
      }
    }
  });
});

describe('lower-case street addresses in chat (issue 9)', () => {
  it('are found whole after an address cue', () => {
    expect(found('i live at 12 main street, springfield, il 62704 and i love it')).toEqual(['12 main street, springfield, il 62704']);
    expect(found('ship it to 3911 fourth avenue suite 112, calgary')).toEqual(['3911 fourth avenue suite 112, calgary']);
    expect(found('my address is 1420 may st. ok?')).toEqual(['1420 may st.']);
  });
  it('need the cue, and distances are not streets', () => {
    expect(found('its a 5 min drive from here')).toEqual([]);
    expect(found('i live at 5 min drive from here')).toEqual([]);
    expect(found('we met at 12 main street')).toEqual([]);
  });
});
