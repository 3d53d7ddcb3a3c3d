import type en from '../en/home';
import type { Translation } from '../..';

const de: Translation<typeof en> = {
  title: 'Willkommen',
  checking: 'Dieser Browser wird geprüft…',
  signingIn: 'Anmeldung bei {{business}}…',
  signInFailed: 'Dieser Browser konnte sich nicht anmelden: {{error}}',
  notSetUp: 'Auf diesem Server ist noch keine Geschäftsnummer eingerichtet.',
  notSetUpHow: 'Der Inhaber muss den einmaligen Einrichtungslink öffnen, den der Server beim Start ins Log geschrieben hat (er sieht so aus: {{link}}). Der Browser, der ihn öffnet, wird das Hauptgerät.',
  inboxOf: 'Das ist der gemeinsame Posteingang von {{business}}.',
  inboxOfNumber: 'Das ist der gemeinsame Posteingang von {{business}} ({{number}}).',
  theBusiness: 'dem Unternehmen',
  notLinked: 'Dieser Browser ist noch nicht verknüpft. Verknüpfe ihn als Gerät des Unternehmens; der Inhaber bestätigt ihn auf dem Hauptgerät.',
  link: 'Diesen Browser verknüpfen',
};
export default de;
