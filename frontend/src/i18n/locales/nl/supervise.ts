import type en from '../en/supervise';
import type { Translation } from '../..';

const nl: Translation<typeof en> = {
  "whisper.label": "Gefluister van {{name}} — alleen het bedrijf ziet het",
  "whisper.title": "Fluisteren naar {{name}}",
  "whisper.placeholder": "Een privénotitie voor {{name}}; de klant ziet die nooit",
  "whisper.send": "Fluisteren",
  "whisper.sent": "Gefluisterd naar {{name}}.",
  "whisper.failed": "Het gefluister is niet verstuurd: {{reason}}",
  "whisper.notify": "{{who}} fluisterde u iets toe over {{where}}",
  "takeOver.action": "Overnemen",
  "system.takenOver": "{{name}} heeft dit gesprek overgenomen.",
  "agent.actions": "Acties",
  "agent.setAway": "Op afwezig zetten",
  "agent.setAvailable": "Op beschikbaar zetten",
  "agent.capacity": "Capaciteit",
  "agent.capacitySave": "Opslaan",
  "agent.failed": "{{name}} kon niet worden gewijzigd: {{reason}}",
  "feedback.label": "Feedback van de klant",
  "preview.whisper": "Gefluister: ",
  "preview.feedback": "Feedback: ",
  "csat.question": "Hoe hebben we het gedaan?",
  "csat.star_one": "{{count}} ster",
  "csat.star_other": "{{count}} sterren",
  "csat.comment": "Wilt u ons nog iets vertellen? (optioneel)",
  "csat.send": "Versturen",
  "csat.thanks": "Bedankt voor uw feedback!",
  "csat.failed": "Uw beoordeling is niet verstuurd: {{reason}}",
  "csat.pick": "Kies een beoordeling van 1 tot 5.",
};

export default nl;
