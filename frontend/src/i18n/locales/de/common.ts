import type en from '../en/common';
import type { Translation } from '../..';

const de: Translation<typeof en> = {
  appName: 'Switchboard',
  justNow: 'gerade eben',
  never: 'nie',
  language: 'Sprache',
  cancel: 'Abbrechen',
  save: 'Speichern',
  saving: 'Wird gespeichert…',
  close: 'Schließen',
  remove: 'Entfernen',
  back: 'Zurück',
  retry: 'Erneut versuchen',
  loading: 'Wird geladen…',
  offline: 'Server nicht erreichbar. Prüfe deine Verbindung und versuche es erneut.',
  'role.owner': 'Inhaber',
  'role.admin': 'Admin',
  'role.supervisor': 'Teamleitung',
  'role.agent': 'Agent',
  'nav.inbox': 'Posteingang',
  'nav.devices': 'Geräte',
  'nav.settings': 'Einstellungen',
  'name.missing': 'Gib {{what}} ein.',
  'name.tooLong': '{{what}} darf höchstens 80 Zeichen haben (jetzt {{count}}).',
};
export default de;
