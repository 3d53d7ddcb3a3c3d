import type en from '../en/home';
import type { Translation } from '../..';

const fr: Translation<typeof en> = {
  title: 'Bienvenue',
  checking: 'Vérification de ce navigateur…',
  signingIn: 'Connexion à {{business}}…',
  signInFailed: 'Ce navigateur n’a pas pu se connecter : {{error}}',
  notSetUp: 'Aucun numéro professionnel n’est encore configuré sur ce serveur.',
  notSetUpHow: 'Le propriétaire doit ouvrir le lien de configuration à usage unique que le serveur a écrit dans son journal au démarrage (il ressemble à {{link}}). Le navigateur qui l’ouvre devient l’appareil principal.',
  inboxOf: 'Voici la boîte de réception partagée de {{business}}.',
  inboxOfNumber: 'Voici la boîte de réception partagée de {{business}} ({{number}}).',
  theBusiness: 'l’entreprise',
  notLinked: 'Ce navigateur n’est pas encore associé. Associez-le comme appareil de l’entreprise ; le propriétaire l’approuve sur l’appareil principal.',
  link: 'Associer ce navigateur',
};
export default fr;
