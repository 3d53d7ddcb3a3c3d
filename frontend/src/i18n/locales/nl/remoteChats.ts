import type { Translation } from '../..';
import type en from '../en/remoteChats';

const nl: Translation<typeof en> = {
  'open': 'Chatten met een bedrijf bij een andere aanbieder',
  'title': 'Bedrijven bij andere aanbieders',
  'intro': 'Schrijf een bedrijf dat een andere berichtendienst gebruikt. Alleen uw telefoonnummer wordt gedeeld; berichten blijven end-to-end versleuteld.',
  'back': 'Terug naar {{name}}',
  'request.domain': 'Domein van de aanbieder',
  'request.domainHint': 'Bijvoorbeeld chat.example.com',
  'request.phone': 'Nummer van het bedrijf',
  'request.submit': 'Chat starten',
  'request.busy': 'Bedrijf wordt gezocht…',
  'request.domainMissing': 'Vul het domein van de aanbieder in.',
  'request.domainFormat': 'Dit is geen domein zoals chat.example.com.',
  'request.phoneMissing': 'Vul het nummer van het bedrijf in.',
  'request.phoneFormat': 'Vul het nummer in met landcode, zoals +31 6 12345678.',
  'request.notFound': 'Niet gevonden. Het bedrijf bestaat misschien niet bij die aanbieder, of neemt geen chats van hier aan.',
  'request.failed': 'Het bedrijf kon niet worden gevraagd: {{error}}',
  'list.title': 'Uw chats',
  'list.empty': 'Nog geen chats met bedrijven bij andere aanbieders.',
  'list.failed': 'Uw chats konden niet worden geladen: {{error}}',
  'state.requested': 'Wacht op het bedrijf',
  'state.granted': 'Open',
  'state.revoked': 'Gestopt',
  'chat.via': 'bij {{domain}}',
  'chat.waiting': 'Het bedrijf is gevraagd. De chat opent hier zodra het akkoord gaat.',
  'chat.revoked': 'Deze chat is gestopt. Er wordt niets meer verzonden of ontvangen.',
  'chat.empty': 'Nog geen berichten. Schrijf het eerste aan {{number}}.',
  'chat.placeholder': 'Bericht aan {{number}}',
  'chat.stop': 'Deze chat stoppen',
  'chat.openFailed': 'Deze chat kon niet worden geopend: {{error}}',
  'chat.revokeFailed': 'De chat kon niet worden gestopt: {{error}}',
  'chat.notOpen': 'Deze chat is niet open.',
  'chat.backToList': 'Alle chats',
};

export default nl;
