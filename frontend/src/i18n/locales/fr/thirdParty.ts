import type en from '../en/thirdParty';
import type { Translation } from '../..';

const fr: Translation<typeof en> = {
  title: 'Discussions tierces',
  intro: 'Les personnes d’autres messageries peuvent écrire au numéro de l’entreprise. Seul le numéro de téléphone est partagé ; un fournisseur désactivé reçoit « utilisateur introuvable ».',
  ourDomain: 'Ce serveur se fédère sous le nom {{domain}}.',
  notConfigured: 'Aucun domaine ni certificat de fédération n’est configuré sur ce serveur : aucun fournisseur ne peut encore le joindre.',
  none: 'Aucun fournisseur n’est autorisé.',
  on: 'activé',
  off: 'désactivé',
  allow: 'Autoriser les discussions depuis {{domain}}',
  remove: 'Retirer',
  addTitle: 'Ajouter un fournisseur',
  'field.domain': 'Domaine',
  'field.address': 'Adresse',
  'field.trust': 'Certificat de confiance (PEM : son AC ou son propre certificat)',
  addedOff: 'Un nouveau fournisseur est ajouté désactivé. Activez-le une fois son certificat confirmé.',
  add: 'Ajouter le fournisseur',
  loadFailed: 'Les réglages des discussions tierces n’ont pas pu être chargés : {{error}}',
  'error.domain': 'Saisissez un domaine comme chat.example.com.',
  'error.domainTaken': 'Ce fournisseur est déjà dans la liste.',
  'error.address': 'Saisissez une adresse https:// sans chemin.',
  'error.trust': 'Collez au moins un certificat PEM (-----BEGIN CERTIFICATE-----).',
  'status.added': '{{domain}} ajouté, désactivé.',
  'status.on': 'Les discussions depuis {{domain}} sont autorisées.',
  'status.off': 'Les discussions depuis {{domain}} sont désactivées.',
  'status.removed': '{{domain}} retiré.',
  badge: 'via {{source}}',
};

export default fr;
