import type en from '../en/setup';
import type { Translation } from '../..';

const fr: Translation<typeof en> = {
  title: 'Configurer votre numéro professionnel',
  intro: 'Ce navigateur devient l’appareil principal. Il approuve et retire chaque navigateur que votre équipe associe. Ses clés sont créées ici et ne le quittent jamais.',
  'number.label': 'Numéro professionnel',
  'number.help': 'Format international : + et l’indicatif du pays, p. ex. +4915112345678.',
  'number.missing': 'Saisissez le numéro professionnel.',
  'number.format': 'Utilisez le format international : + et l’indicatif du pays, puis le numéro, p. ex. +4915112345678.',
  'displayName.label': 'Nom affiché de l’entreprise',
  'displayName.what': 'le nom affiché de l’entreprise',
  'person.label': 'Votre nom',
  'person.what': 'votre nom',
  submit: 'Créer le compte',
  creating: 'Création des clés…',
  done: 'Terminé',
  noToken: 'Cette page a besoin du lien de configuration à usage unique du journal du serveur (il se termine par #token=…). Ouvrez ce lien ou collez-le ci-dessous.',
  'paste.label': 'Lien de configuration du journal du serveur',
  'paste.submit': 'Utiliser ce lien',
  'paste.invalid': 'Ce n’est pas un lien de configuration. Copiez toute la ligne du journal du serveur, y compris tout ce qui suit #token=.',
  alreadySetUp: 'Le compte {{number}} est déjà configuré.',
  openStart: 'Ouvrir la page d’accueil',
  oldKeys: 'Ce navigateur détient encore les clés d’un ancien appareil de {{account}}.',
  forget: 'Les oublier et continuer',
  'error.tokenUsed': 'Le compte est peut-être déjà configuré ; ouvrez la page d’accueil.',
  'error.tokenInvalid': 'Copiez tout le lien du journal du serveur, y compris ce qui suit #token=, ou collez-le ci-dessus.',
};
export default fr;
