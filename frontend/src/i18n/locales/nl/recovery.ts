import type en from '../en/recovery';
import type { Translation } from '../..';

const nl: Translation<typeof en> = {
  title: 'Herstelsleutel',
  intro: 'Raakt deze browser kwijt, dan kan een nieuwe browser met de herstelsleutel het hoofdapparaat worden. Elk apparaat hier krijgt dat te zien en kan het {{hours}} uur lang tegenhouden; daarna neemt de nieuwe browser het over en worden alle oude apparaten afgemeld.',
  on: 'Herstel met de herstelsleutel staat aan.',
  off: 'Herstel staat uit: raakt deze browser kwijt, dan kan alleen de beheerder van de server het account resetten en moeten gekoppelde apparaten opnieuw worden gekoppeld.',
  turnOn: 'Herstelsleutel aanzetten',
  renew: 'Nieuwe herstelsleutel maken',
  'shown.title': 'Schrijf deze sleutel nu op.',
  'shown.text': 'Hij wordt maar één keer getoond en nergens opgeslagen: bewaar hem op papier, op een veilige plek. Wie hem heeft, kan het account opeisen.',
  'shown.done': 'Ik heb hem opgeschreven',
  'pending.title': 'Iemand herstelt dit account',
  'pending.text': '{{person}} ({{label}}) heeft de herstelsleutel gebruikt om hoofdapparaat te worden. Dat gaat in op {{date}}, daarna worden alle apparaten hier afgemeld. Was dit niet gepland, annuleer het dan nu.',
  'pending.cancel': 'Herstel annuleren',
  'pending.askAdmin': 'Was dit niet gepland, vraag dan de eigenaar of een admin om het te annuleren.',
  loadFailed: 'De herstelstatus kon niet worden geladen: {{error}}',
  noList: 'De apparatenlijst is nog niet gecontroleerd.',
  turnOnFailed: 'De herstelsleutel kon niet worden aangezet: {{error}}',
  cancelFailed: 'Het herstel kon niet worden geannuleerd: {{error}}',
};

export default nl;
