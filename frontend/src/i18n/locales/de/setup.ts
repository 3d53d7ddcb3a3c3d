import type en from '../en/setup';
import type { Translation } from '../..';

const de: Translation<typeof en> = {
  title: 'Geschäftsnummer einrichten',
  intro: 'Dieser Browser wird das Hauptgerät. Er bestätigt und entfernt jeden Browser, den dein Team verknüpft. Seine Schlüssel entstehen hier und verlassen ihn nie.',
  'number.label': 'Geschäftsnummer',
  'number.help': 'Internationales Format: + und die Landesvorwahl, z. B. +4915112345678.',
  'number.missing': 'Gib die Geschäftsnummer ein.',
  'number.format': 'Nutze das internationale Format: + und die Landesvorwahl, dann die Nummer, z. B. +4915112345678.',
  'displayName.label': 'Angezeigter Firmenname',
  'displayName.what': 'den angezeigten Firmennamen',
  'person.label': 'Dein Name',
  'person.what': 'deinen Namen',
  submit: 'Konto anlegen',
  creating: 'Schlüssel werden erzeugt…',
  done: 'Fertig',
  noToken: 'Diese Seite braucht den einmaligen Einrichtungslink aus dem Server-Log (er endet auf #token=…). Öffne diesen Link oder füge ihn unten ein.',
  'paste.label': 'Einrichtungslink aus dem Server-Log',
  'paste.submit': 'Diesen Link verwenden',
  'paste.invalid': 'Das ist kein Einrichtungslink. Kopiere die ganze Zeile aus dem Server-Log, samt allem nach #token=.',
  alreadySetUp: 'Das Konto {{number}} ist bereits eingerichtet.',
  openStart: 'Zur Startseite',
  oldKeys: 'Dieser Browser hat noch die Schlüssel eines früheren Geräts von {{account}}.',
  forget: 'Vergessen und weiter',
  'error.tokenUsed': 'Das Konto ist vielleicht schon eingerichtet; öffne die Startseite.',
  'error.tokenInvalid': 'Kopiere den ganzen Link aus dem Server-Log, samt allem nach #token=, oder füge ihn oben ein.',
};
export default de;
