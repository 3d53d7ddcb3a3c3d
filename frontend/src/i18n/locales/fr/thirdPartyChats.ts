import type { Translation } from '../..';
import type en from '../en/thirdPartyChats';

const fr: Translation<typeof en> = {
  'folder.title': 'Discussions tierces dans la boîte de réception',
  'folder.intro': 'Afficher les discussions avec des personnes d’autres messageries parmi les autres, ou dans une section à part. Chaque boîte de réception ouverte suit un changement aussitôt.',
  'folder.main': 'Dans la liste principale',
  'folder.separate': 'Dans une section « Discussions tierces » à part',
  'folder.savedMain': 'Les discussions tierces sont affichées dans la liste principale.',
  'folder.savedSeparate': 'Les discussions tierces sont affichées dans leur propre section.',
  'folder.loadFailed': 'L’emplacement des discussions tierces n’a pas pu être chargé : {{error}}',
  'section.title': 'Discussions tierces',
  'abuse.open': 'Signaler un abus',
  'abuse.note': 'Ce qui s’est passé (facultatif ; conservé dans le journal d’activité)',
  'abuse.send': 'Envoyer le signalement',
  'abuse.cancel': 'Annuler',
  'abuse.sent': 'Signalé. Les propriétaires et administrateurs le voient dans le journal d’activité.',
  'abuse.failed': 'Le signalement n’a pas pu être envoyé : {{error}}',
};

export default fr;
