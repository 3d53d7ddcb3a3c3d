import type { Translation } from '../..';
import type en from '../en/remoteChats';

const de: Translation<typeof en> = {
  'open': 'Mit einem Unternehmen bei einem anderen Anbieter chatten',
  'title': 'Unternehmen bei anderen Anbietern',
  'intro': 'Schreiben Sie einem Unternehmen, das einen anderen Messaging-Anbieter nutzt. Nur Ihre Telefonnummer wird geteilt; Nachrichten bleiben Ende-zu-Ende-verschlüsselt.',
  'back': 'Zurück zu {{name}}',
  'request.domain': 'Domain des Anbieters',
  'request.domainHint': 'Zum Beispiel chat.example.com',
  'request.phone': 'Nummer des Unternehmens',
  'request.submit': 'Chat starten',
  'request.busy': 'Unternehmen wird gesucht…',
  'request.domainMissing': 'Geben Sie die Domain des Anbieters ein.',
  'request.domainFormat': 'Das ist keine Domain wie chat.example.com.',
  'request.phoneMissing': 'Geben Sie die Nummer des Unternehmens ein.',
  'request.phoneFormat': 'Geben Sie die Nummer mit Ländervorwahl ein, etwa +49 151 1234567.',
  'request.notFound': 'Nicht gefunden. Das Unternehmen gibt es bei diesem Anbieter vielleicht nicht, oder es nimmt keine Chats von hier an.',
  'request.failed': 'Das Unternehmen konnte nicht gefragt werden: {{error}}',
  'list.title': 'Ihre Chats',
  'list.empty': 'Noch keine Chats mit Unternehmen bei anderen Anbietern.',
  'list.failed': 'Ihre Chats konnten nicht geladen werden: {{error}}',
  'state.requested': 'Wartet auf das Unternehmen',
  'state.granted': 'Offen',
  'state.revoked': 'Beendet',
  'chat.via': 'bei {{domain}}',
  'chat.waiting': 'Das Unternehmen wurde gefragt. Der Chat öffnet sich hier, sobald es zustimmt.',
  'chat.revoked': 'Dieser Chat wurde beendet. Es wird nichts mehr gesendet oder empfangen.',
  'chat.empty': 'Noch keine Nachrichten. Schreiben Sie die erste an {{number}}.',
  'chat.placeholder': 'Nachricht an {{number}}',
  'chat.stop': 'Diesen Chat beenden',
  'chat.openFailed': 'Dieser Chat konnte nicht geöffnet werden: {{error}}',
  'chat.revokeFailed': 'Der Chat konnte nicht beendet werden: {{error}}',
  'chat.notOpen': 'Dieser Chat ist nicht offen.',
  'chat.backToList': 'Alle Chats',
};

export default de;
