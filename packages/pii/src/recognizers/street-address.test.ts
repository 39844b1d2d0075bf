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

  it('takes the whole postal tail: region codes of any case, numeric regions, qualifiers, countries, same-line tails (issue 9)', () => {
    expect(found('send it to 12 Examplegata 63\nSPRINGFIELD\n, xy\n 51971 please')).toEqual(['12 Examplegata 63\nSPRINGFIELD\n, xy\n 51971']);
    expect(found('meet at 12 Examplegata 72 Apt. 004\nSPRINGFIELD, xy 18237 after')).toEqual(['12 Examplegata 72 Apt. 004\nSPRINGFIELD, xy 18237']);
    expect(found('at 704 1436 Example Drive\nSpringfield\n, 32\n 60810')).toEqual(['704 1436 Example Drive\nSpringfield\n, 32\n 60810']);
    expect(found('at 12 Example Street\n Suite 112\n ΛΕΥΚΩΣΙΑ\n Cyprus (Greek) 51034')).toEqual(['12 Example Street\n Suite 112\n ΛΕΥΚΩΣΙΑ\n Cyprus (Greek) 51034']);
    expect(found('send to 12 Example P.O. Box 287 Apt. 051, Springfield, Examplia for this card')).toEqual(['12 Example P.O. Box 287 Apt. 051, Springfield, Examplia']);
    expect(found('arrived at 23 Example Road Suite 274 Springfield xy last night.')).toEqual(['23 Example Road Suite 274 Springfield xy']);
    expect(found('at 12 Example Road Apt. 934 SPRINGFIELD NO. I now live elsewhere')).toEqual(['12 Example Road Apt. 934 SPRINGFIELD NO']);
    // a line that is not a place ends the block: "Mobile:" is a label, "Please" a new sentence
    expect(found('12 Example Street Apt. 105, Springfield, Examplia\nMobile: none')).toEqual(['12 Example Street Apt. 105, Springfield, Examplia']);
    expect(found('12 Example Street\n Suite 240\n Springfield\n New Examplia. Please call')).toEqual(['12 Example Street\n Suite 240\n Springfield\n New Examplia']);
    // a block ending in a postcode is complete; running text after it is not a region
    expect(found('at 12 Example Street, Springfield, IL 62704, and 04862 more')).toEqual(['12 Example Street, Springfield, IL 62704']);
    expect(found('at 12 Example Street, Springfield and I went home')).toEqual(['12 Example Street, Springfield']);
  });

  it('keeps type words of the prose out, glued articles in, and names like "Markt" that start like a month (issue 9)', () => {
    expect(found('stop at 11 Example Road St. then')).toEqual(['11 Example Road']);
    expect(found('she lives on 5 Example St street.')).toEqual(['5 Example St']);
    expect(found('enter on 137 Avenue Example St. the first months')).toEqual(['137 Avenue Example']);
    expect(found('at 9243 Avenue d\'Example 109 Apt. 758, Springfield, Examplia 49079')).toEqual(["9243 Avenue d'Example 109 Apt. 758, Springfield, Examplia 49079"]);
    expect(found('at 91211 Examplestr. 74 Suite 980 Springfield')).toEqual(['91211 Examplestr. 74 Suite 980 Springfield']);
    expect(found('9791 Markt 84 Apt. 597 SPRINGFIELD KA')).toEqual(['9791 Markt 84 Apt. 597 SPRINGFIELD KA']);
    expect(found('USNS Møller\nFPO AA 85844')).toEqual(['USNS Møller\nFPO AA 85844']);
    expect(found('5638 Exampla 43\nSpringfield, xy 78618')).toEqual(['5638 Exampla 43\nSpringfield, xy 78618']);
  });

  it('finds intersections whole, but not any corner (issue 9)', () => {
    expect(found('stop at the corner of 3744 Example Avenue and Sample Route please')).toEqual(['the corner of 3744 Example Avenue and Sample Route']);
    expect(found('the corner of Examplegatan 14 and Sample Greens')).toEqual(['the corner of Examplegatan 14 and Sample Greens']);
    expect(found('meet at the corner of Main Street and Oak Avenue.')).toEqual(['the corner of Main Street and Oak Avenue']);
    expect(found('put it in the corner of my desk and the wall')).toEqual([]);
    expect(found('the corner of the room and the garden path')).toEqual([]);
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
  it('are found without a cue when an apartment or suite follows, with their lower-case tail', () => {
    expect(found('User: 3747 3911 example avenue suite 112 springfield examplia')).toEqual(['3747 3911 example avenue suite 112 springfield examplia']);
    expect(found('to 2613 avenida exemplo 1 suite 463, springfield, examplia 24743')).toEqual(['2613 avenida exemplo 1 suite 463, springfield, examplia 24743']);
    expect(found('0605 πεντέλης 210 apt. 999\nspringfield, xy 35739')).toEqual(['0605 πεντέλης 210 apt. 999\nspringfield, xy 35739']);
    expect(found('at 12 example ave apt 4, and then home')).toEqual(['12 example ave apt 4']);
    expect(found('at 12 example ave apt 4 then lunch')).toEqual(['12 example ave apt 4']);
    expect(found('we need 3 more people in room 5')).toEqual([]);
    expect(found('i have 2 tests and 3 steps in unit 4')).toEqual([]);
  });
  it('need the cue, and distances are not streets', () => {
    expect(found('its a 5 min drive from here')).toEqual([]);
    expect(found('i live at 5 min drive from here')).toEqual([]);
    expect(found('we met at 12 main street')).toEqual([]);
  });
});
