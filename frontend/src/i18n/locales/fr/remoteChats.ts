import type { Translation } from '../..';
import type en from '../en/remoteChats';

const fr: Translation<typeof en> = {
  'open': 'Discuter avec une entreprise chez un autre fournisseur',
  'title': 'Entreprises chez d’autres fournisseurs',
  'intro': 'Écrivez à une entreprise qui utilise un autre fournisseur de messagerie. Seul votre numéro de téléphone est partagé ; les messages restent chiffrés de bout en bout.',
  'back': 'Retour à {{name}}',
  'request.domain': 'Domaine du fournisseur',
  'request.domainHint': 'Par exemple chat.example.com',
  'request.phone': 'Numéro de l’entreprise',
  'request.submit': 'Démarrer la discussion',
  'request.busy': 'Recherche de l’entreprise…',
  'request.domainMissing': 'Saisissez le domaine du fournisseur.',
  'request.domainFormat': 'Ce n’est pas un domaine comme chat.example.com.',
  'request.phoneMissing': 'Saisissez le numéro de l’entreprise.',
  'request.phoneFormat': 'Saisissez le numéro avec l’indicatif du pays, par exemple +33 6 12 34 56 78.',
  'request.notFound': 'Introuvable. L’entreprise n’existe peut-être pas chez ce fournisseur, ou n’accepte pas de discussions d’ici.',
  'request.failed': 'L’entreprise n’a pas pu être interrogée : {{error}}',
  'list.title': 'Vos discussions',
  'list.empty': 'Aucune discussion avec des entreprises d’autres fournisseurs pour l’instant.',
  'list.failed': 'Vos discussions n’ont pas pu être chargées : {{error}}',
  'state.requested': 'En attente de l’entreprise',
  'state.granted': 'Ouverte',
  'state.revoked': 'Arrêtée',
  'chat.via': 'chez {{domain}}',
  'chat.waiting': 'L’entreprise a été sollicitée. La discussion s’ouvre ici dès qu’elle accepte.',
  'chat.revoked': 'Cette discussion a été arrêtée. Plus rien n’est envoyé ni reçu.',
  'chat.empty': 'Pas encore de messages. Écrivez le premier à {{number}}.',
  'chat.placeholder': 'Message à {{number}}',
  'chat.stop': 'Arrêter cette discussion',
  'chat.openFailed': 'Cette discussion n’a pas pu être ouverte : {{error}}',
  'chat.revokeFailed': 'La discussion n’a pas pu être arrêtée : {{error}}',
  'chat.notOpen': 'Cette discussion n’est pas ouverte.',
  'chat.backToList': 'Toutes les discussions',
};

export default fr;
