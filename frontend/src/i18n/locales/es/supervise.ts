import type en from '../en/supervise';
import type { Translation } from '../..';

const es: Translation<typeof en> = {
  "whisper.label": "Susurro de {{name}} — solo lo ve la empresa",
  "whisper.title": "Susurrar a {{name}}",
  "whisper.placeholder": "Una nota privada para {{name}}; el cliente nunca la ve",
  "whisper.send": "Susurrar",
  "whisper.sent": "Susurrado a {{name}}.",
  "whisper.failed": "El susurro no se envió: {{reason}}",
  "whisper.notify": "{{who}} le susurró sobre {{where}}",
  "takeOver.action": "Tomar el control",
  "system.takenOver": "{{name}} tomó el control de esta conversación.",
  "agent.actions": "Acciones",
  "agent.setAway": "Poner ausente",
  "agent.setAvailable": "Poner disponible",
  "agent.capacity": "Capacidad",
  "agent.capacitySave": "Guardar",
  "agent.failed": "No se pudo cambiar a {{name}}: {{reason}}",
  "feedback.label": "Opinión del cliente",
  "preview.whisper": "Susurro: ",
  "preview.feedback": "Opinión: ",
  "csat.question": "¿Qué tal lo hicimos?",
  "csat.star_one": "{{count}} estrella",
  "csat.star_other": "{{count}} estrellas",
  "csat.star_many": "{{count}} estrellas",
  "csat.comment": "¿Algo más que quiera decirnos? (opcional)",
  "csat.send": "Enviar",
  "csat.thanks": "¡Gracias por su opinión!",
  "csat.failed": "Su valoración no se envió: {{reason}}",
  "csat.pick": "Elija una valoración del 1 al 5.",
};

export default es;
