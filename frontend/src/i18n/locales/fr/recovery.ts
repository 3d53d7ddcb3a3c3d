import type en from '../en/recovery';
import type { Translation } from '../..';

const fr: Translation<typeof en> = {
  title: 'Clé de récupération',
  intro: 'Si ce navigateur est perdu, la clé de récupération permet à un nouveau navigateur de devenir l’appareil principal. Chaque appareil ici est prévenu et peut l’arrêter pendant {{hours}} heures ; ensuite le nouveau navigateur prend la main et tous les anciens appareils sont déconnectés.',
  on: 'La récupération par clé est activée.',
  off: 'La récupération est désactivée : si ce navigateur est perdu, seul l’opérateur du serveur peut réinitialiser le compte, et les appareils associés doivent être liés à nouveau.',
  turnOn: 'Activer la clé de récupération',
  renew: 'Créer une nouvelle clé de récupération',
  'shown.title': 'Notez cette clé maintenant.',
  'shown.text': 'Elle n’est affichée qu’une seule fois et n’est enregistrée nulle part : gardez-la sur papier, en lieu sûr. Quiconque la détient peut revendiquer le compte.',
  'shown.done': 'Je l’ai notée',
  'pending.title': 'Quelqu’un récupère ce compte',
  'pending.text': '{{person}} ({{label}}) a utilisé la clé de récupération pour devenir l’appareil principal. Cela prend effet le {{date}}, puis tous les appareils ici sont déconnectés. Si ce n’était pas prévu, annulez maintenant.',
  'pending.cancel': 'Annuler la récupération',
  'pending.askAdmin': 'Si ce n’était pas prévu, demandez au propriétaire ou à un admin de l’annuler.',
  loadFailed: 'L’état de la récupération n’a pas pu être chargé : {{error}}',
  noList: 'La liste des appareils n’est pas encore vérifiée.',
  turnOnFailed: 'La clé de récupération n’a pas pu être activée : {{error}}',
  cancelFailed: 'La récupération n’a pas pu être annulée : {{error}}',
};

export default fr;
