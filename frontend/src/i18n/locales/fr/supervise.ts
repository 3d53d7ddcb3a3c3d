import type en from '../en/supervise';
import type { Translation } from '../..';

const fr: Translation<typeof en> = {
  "whisper.label": "Chuchotement de {{name}} — seule l’entreprise le voit",
  "whisper.title": "Chuchoter à {{name}}",
  "whisper.placeholder": "Une note privée pour {{name}} ; le client ne la voit jamais",
  "whisper.send": "Chuchoter",
  "whisper.sent": "Chuchoté à {{name}}.",
  "whisper.failed": "Le chuchotement n’a pas été envoyé : {{reason}}",
  "whisper.notify": "{{who}} vous a chuchoté un message sur {{where}}",
  "takeOver.action": "Reprendre",
  "system.takenOver": "{{name}} a repris cette conversation.",
  "agent.actions": "Actions",
  "agent.setAway": "Mettre absent",
  "agent.setAvailable": "Mettre disponible",
  "agent.capacity": "Capacité",
  "agent.capacitySave": "Enregistrer",
  "agent.failed": "Impossible de modifier {{name}} : {{reason}}",
  "feedback.label": "Avis du client",
  "preview.whisper": "Chuchotement : ",
  "preview.feedback": "Avis : ",
  "csat.question": "Comment nous sommes-nous débrouillés ?",
  "csat.star_one": "{{count}} étoile",
  "csat.star_other": "{{count}} étoiles",
  "csat.comment": "Autre chose à nous dire ? (facultatif)",
  "csat.send": "Envoyer",
  "csat.thanks": "Merci pour votre avis !",
  "csat.failed": "Votre note n’a pas été envoyée : {{reason}}",
  "csat.pick": "Choisissez une note de 1 à 5.",
  "csat.star_many": "{{count}} étoiles",
};

export default fr;
