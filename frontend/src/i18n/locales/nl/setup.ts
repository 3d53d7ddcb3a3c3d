import type en from '../en/setup';
import type { Translation } from '../..';

const nl: Translation<typeof en> = {
  title: 'Je zakelijke nummer instellen',
  intro: 'Deze browser wordt het hoofdapparaat. Hij keurt elke browser goed die je team koppelt, en verwijdert ze. Zijn sleutels worden hier gemaakt en verlaten hem nooit.',
  'number.label': 'Zakelijk nummer',
  'number.help': 'Internationaal formaat: + en de landcode, bijv. +4915112345678.',
  'number.missing': 'Vul het zakelijke nummer in.',
  'number.format': 'Gebruik het internationale formaat: + en de landcode, dan het nummer, bijv. +4915112345678.',
  'displayName.label': 'Weergavenaam van het bedrijf',
  'displayName.what': 'de weergavenaam van het bedrijf',
  'person.label': 'Je naam',
  'person.what': 'je naam',
  submit: 'Account aanmaken',
  creating: 'Sleutels maken…',
  done: 'Klaar',
  noToken: 'Deze pagina heeft de eenmalige instellink uit het serverlog nodig (die eindigt op #token=…). Open die link of plak hem hieronder.',
  'paste.label': 'Instellink uit het serverlog',
  'paste.submit': 'Deze link gebruiken',
  'paste.invalid': 'Dat is geen instellink. Kopieer de hele regel uit het serverlog, met alles na #token=.',
  alreadySetUp: 'Het account {{number}} is al ingesteld.',
  openStart: 'Naar de startpagina',
  oldKeys: 'Deze browser heeft nog de sleutels van een eerder apparaat van {{account}}.',
  forget: 'Vergeten en doorgaan',
  'error.tokenUsed': 'Het account is misschien al ingesteld; open de startpagina.',
  'error.tokenInvalid': 'Kopieer de hele link uit het serverlog, met alles na #token=, of plak hem hierboven.',
};
export default nl;
