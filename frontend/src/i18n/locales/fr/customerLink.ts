import type en from '../en/customerLink';
import type { Translation } from '../..';

const fr: Translation<typeof en> = {
  title: 'Relier ce navigateur à votre conversation',
  intro: 'Utilisez ce navigateur pour la conversation que vous avez déjà. Vous l’approuvez une fois dans le navigateur où vous discutez maintenant.',
  'intro.named': 'Utilisez ce navigateur pour votre conversation avec {{business}}. Vous l’approuvez une fois dans le navigateur où vous discutez maintenant.',
  'method.legend': 'Comment l’approuverez-vous sur votre premier navigateur ?',
  'account.label': 'Votre numéro de mobile (celui de la conversation)',
  'account.missing': 'Saisissez le numéro de mobile avec lequel vous discutez.',
  'qr.howTo': 'Dans la conversation de votre premier navigateur, ouvrez « Navigateurs reliés » → « Associer un appareil », puis scannez ce code ou collez son texte de liaison.',
  'code.howTo': 'Dans la conversation de votre premier navigateur, ouvrez « Navigateurs reliés » → « Associer avec un code » et saisissez :',
  fingerprint: 'Code de sécurité de ce navigateur ; votre premier navigateur affiche le même code avant que vous n’approuviez :',
  'step.scan': 'En attente de la lecture du code par votre premier navigateur…',
  'step.code': 'En attente de la saisie du code sur votre premier navigateur…',
  'step.code-typed': 'Un code a été saisi sur votre premier navigateur ; vérification en cours…',
  'step.code-mismatch': 'Le code saisi sur votre premier navigateur ne correspondait pas. Saisissez encore une fois le code ci-dessus.',
  answerFailed: 'Impossible de répondre au code saisi sur votre premier navigateur : {{error}}',
  'refused.declined': 'Votre premier navigateur a refusé ce navigateur.',
  'refused.wrongCodes': 'Un code erroné a été saisi trop souvent, cette demande est donc verrouillée. Recommencez pour obtenir un nouveau code.',
};
export default fr;
