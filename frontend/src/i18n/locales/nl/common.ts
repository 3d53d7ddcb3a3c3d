import type en from '../en/common';
import type { Translation } from '../..';

const nl: Translation<typeof en> = {
  appName: 'Switchboard',
  justNow: 'zojuist',
  never: 'nooit',
  language: 'Taal',
  cancel: 'Annuleren',
  save: 'Opslaan',
  saving: 'Opslaan…',
  close: 'Sluiten',
  remove: 'Verwijderen',
  back: 'Terug',
  retry: 'Opnieuw proberen',
  loading: 'Laden…',
  offline: 'De server is niet bereikbaar. Controleer je verbinding en probeer het opnieuw.',
  'role.owner': 'Eigenaar',
  'role.admin': 'Beheerder',
  'role.supervisor': 'Supervisor',
  'role.agent': 'Medewerker',
  'nav.inbox': 'Inbox',
  'nav.devices': 'Apparaten',
  'nav.settings': 'Instellingen',
  'name.missing': 'Vul {{what}} in.',
  'name.tooLong': '{{what}} mag hoogstens 80 tekens zijn (nu {{count}}).',
};
export default nl;
