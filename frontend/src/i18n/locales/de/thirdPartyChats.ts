import type { Translation } from '../..';
import type en from '../en/thirdPartyChats';

const de: Translation<typeof en> = {
  'folder.title': 'Drittanbieter-Chats im Posteingang',
  'folder.intro': 'Chats mit Personen bei anderen Messaging-Anbietern zwischen den übrigen zeigen oder in einem eigenen Bereich. Jeder offene Posteingang übernimmt eine Änderung sofort.',
  'folder.main': 'In der Hauptliste',
  'folder.separate': 'In einem eigenen Bereich „Drittanbieter-Chats“',
  'folder.savedMain': 'Drittanbieter-Chats erscheinen in der Hauptliste.',
  'folder.savedSeparate': 'Drittanbieter-Chats erscheinen in einem eigenen Bereich.',
  'folder.loadFailed': 'Wo Drittanbieter-Chats erscheinen, konnte nicht geladen werden: {{error}}',
  'section.title': 'Drittanbieter-Chats',
  'abuse.open': 'Missbrauch melden',
  'abuse.note': 'Was ist passiert (optional; wird im Aktivitätsprotokoll gespeichert)',
  'abuse.send': 'Meldung senden',
  'abuse.cancel': 'Abbrechen',
  'abuse.sent': 'Gemeldet. Inhaber und Admins sehen es im Aktivitätsprotokoll.',
  'abuse.failed': 'Die Meldung konnte nicht gesendet werden: {{error}}',
};

export default de;
