import type en from '../en/chat';
import type { Translation } from '../..';

const fr: Translation<typeof en> = {
  "empty": "Écrivez votre premier message à {{name}}",
  "placeholder": "Message à {{name}}",
  "securityCode": "Chiffré — code de sécurité",
  "securityCodeOf": "Les messages sont chiffrés de bout en bout. Le code de sécurité de {{name}} est :",
  "securityCodeHint": "Ce navigateur fait confiance à cette clé depuis votre première visite ; si elle change, la discussion s’arrête et vous prévient.",
  "queue.joined": "Un conseiller a rejoint la discussion",
  "queue.assigned": "Un conseiller va vous répondre",
};

export default fr;
