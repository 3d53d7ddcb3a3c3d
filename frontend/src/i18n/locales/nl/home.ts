import type en from '../en/home';
import type { Translation } from '../..';

const nl: Translation<typeof en> = {
  title: 'Welkom',
  checking: 'Deze browser controleren…',
  signingIn: 'Aanmelden bij {{business}}…',
  signInFailed: 'Deze browser kon zich niet aanmelden: {{error}}',
  notSetUp: 'Op deze server is nog geen zakelijk nummer ingesteld.',
  notSetUpHow: 'De eigenaar moet de eenmalige instellink openen die de server bij het starten in zijn log schreef (die lijkt op {{link}}). De browser die hem opent, wordt het hoofdapparaat.',
  inboxOf: 'Dit is de gedeelde inbox van {{business}}.',
  inboxOfNumber: 'Dit is de gedeelde inbox van {{business}} ({{number}}).',
  theBusiness: 'het bedrijf',
  notLinked: 'Deze browser is nog niet gekoppeld. Koppel hem als apparaat van het bedrijf; de eigenaar keurt hem goed op het hoofdapparaat.',
  link: 'Deze browser koppelen',
};
export default nl;
