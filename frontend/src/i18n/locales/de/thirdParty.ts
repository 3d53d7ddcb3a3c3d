import type en from '../en/thirdParty';
import type { Translation } from '../..';

const de: Translation<typeof en> = {
  title: 'Chats mit Drittanbietern',
  intro: 'Personen bei anderen Messaging-Anbietern dürfen der Geschäftsnummer schreiben. Geteilt wird nur die Telefonnummer; ein ausgeschalteter Anbieter erhält „Dieser Nutzer wurde nicht gefunden“.',
  ourDomain: 'Dieser Server föderiert als {{domain}}.',
  notConfigured: 'Für diesen Server sind keine Föderationsdomain und kein Zertifikat eingerichtet, daher kann ihn noch kein Anbieter erreichen.',
  none: 'Kein Anbieter ist zugelassen.',
  on: 'an',
  off: 'aus',
  allow: 'Chats von {{domain}} zulassen',
  remove: 'Entfernen',
  addTitle: 'Anbieter hinzufügen',
  'field.domain': 'Domain',
  'field.address': 'Adresse',
  'field.trust': 'Vertrauenswürdiges Zertifikat (PEM: seine CA oder sein eigenes Zertifikat)',
  addedOff: 'Ein neuer Anbieter wird ausgeschaltet hinzugefügt. Schalte ihn ein, sobald sein Zertifikat bestätigt ist.',
  add: 'Anbieter hinzufügen',
  loadFailed: 'Die Einstellungen für Drittanbieter-Chats konnten nicht geladen werden: {{error}}',
  'error.domain': 'Gib eine Domain wie chat.example.com ein.',
  'error.domainTaken': 'Dieser Anbieter steht schon in der Liste.',
  'error.address': 'Gib eine https://-Adresse ohne Pfad ein.',
  'error.trust': 'Füge mindestens ein PEM-Zertifikat ein (-----BEGIN CERTIFICATE-----).',
  'status.added': '{{domain}} hinzugefügt, ausgeschaltet.',
  'status.on': 'Chats von {{domain}} sind zugelassen.',
  'status.off': 'Chats von {{domain}} sind ausgeschaltet.',
  'status.removed': '{{domain}} entfernt.',
  badge: 'über {{source}}',
};

export default de;
