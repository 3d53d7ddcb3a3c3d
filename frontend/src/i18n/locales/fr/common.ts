import type en from '../en/common';
import type { Translation } from '../..';

const fr: Translation<typeof en> = {
  appName: 'Switchboard',
  justNow: 'à l’instant',
  never: 'jamais',
  language: 'Langue',
  cancel: 'Annuler',
  save: 'Enregistrer',
  saving: 'Enregistrement…',
  close: 'Fermer',
  remove: 'Supprimer',
  back: 'Retour',
  retry: 'Réessayer',
  loading: 'Chargement…',
  offline: 'Serveur injoignable. Vérifiez votre connexion et réessayez.',
  'role.owner': 'Propriétaire',
  'role.admin': 'Admin',
  'role.supervisor': 'Superviseur',
  'role.agent': 'Agent',
  'nav.inbox': 'Boîte de réception',
  'nav.devices': 'Appareils',
  'nav.settings': 'Paramètres',
  'name.missing': 'Saisissez {{what}}.',
  'name.tooLong': '{{what}} : 80 caractères au maximum (actuellement {{count}}).',
};
export default fr;
