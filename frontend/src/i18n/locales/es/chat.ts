import type en from '../en/chat';
import type { Translation } from '../..';

const es: Translation<typeof en> = {
  "empty": "Escribe tu primer mensaje a {{name}}",
  "placeholder": "Mensaje a {{name}}",
  "securityCode": "Cifrado — código de seguridad",
  "securityCodeOf": "Los mensajes están cifrados de extremo a extremo. El código de seguridad de {{name}} es:",
  "securityCodeHint": "Este navegador confía en esta clave desde tu primera visita; si cambia, el chat se detiene y te avisa.",
  "queue.joined": "Un agente se ha unido",
  "queue.assigned": "Un agente te responderá en breve",
};

export default es;
