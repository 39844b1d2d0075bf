import { streetAddressRecognizer as s } from './packages/pii/src/recognizers/street-address.ts';
const o = { phoneRegions: [] };
for (const t of ['I live at 123 Main Street, Springfield, IL 62704 since May.','10 Downing Street, London SW1A 2AA is famous','Hauptstraße 5, 10115 Berlin ist','Rue de Rivoli 12','He lives at 12 rue de Rivoli, 75001 Paris.','ship to 742 Evergreen Terrace Apt 4B, Springfield, OR 97403-1234.','1600 Pennsylvania Avenue NW, Washington, DC 20500','Windows 10 Home Edition','I have 12 Windows 10, Linux boxes','PO Box 1234','Berliner Straße 12','Via Roma 1, 00184 Roma','During 1971, Mayo','Megan lives on Via Tasso 129 street.','6750 Koskikatu 25 Apt. 864\nArtilleros\n, CO\n Uruguay 64677 ok', 'at 123 Main St. Then we left', 'Daniela lives at 92597 Jahu 80, Liiva','PSC 0413, Box 8144\nAPO AA 42323','Python 3\nJava 8', 'upgrade to Node 20\nthen run']) {
  const res = s.analyze(t, o);
  console.log(JSON.stringify(t), res.map(x => `${JSON.stringify(t.slice(x.start, x.end))}@${x.score}/${x.pattern}`).join(' '));
}
