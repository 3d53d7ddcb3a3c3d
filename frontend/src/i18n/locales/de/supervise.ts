import type en from '../en/supervise';
import type { Translation } from '../..';

const de: Translation<typeof en> = {
  "whisper.label": "Flüstern von {{name}} — nur das Unternehmen sieht es",
  "whisper.title": "Flüstern an {{name}}",
  "whisper.placeholder": "Eine private Notiz für {{name}}; die Kundschaft sieht sie nie",
  "whisper.send": "Flüstern",
  "whisper.sent": "An {{name}} geflüstert.",
  "whisper.failed": "Das Flüstern wurde nicht gesendet: {{reason}}",
  "whisper.notify": "{{who}} hat Ihnen zu {{where}} etwas zugeflüstert",
  "takeOver.action": "Übernehmen",
  "system.takenOver": "{{name}} hat dieses Gespräch übernommen.",
  "agent.actions": "Aktionen",
  "agent.setAway": "Auf abwesend setzen",
  "agent.setAvailable": "Auf verfügbar setzen",
  "agent.capacity": "Kapazität",
  "agent.capacitySave": "Speichern",
  "agent.failed": "{{name}} konnte nicht geändert werden: {{reason}}",
  "feedback.label": "Rückmeldung der Kundschaft",
  "preview.whisper": "Flüstern: ",
  "preview.feedback": "Rückmeldung: ",
  "csat.question": "Wie waren wir?",
  "csat.star_one": "{{count}} Stern",
  "csat.star_other": "{{count}} Sterne",
  "csat.comment": "Möchten Sie uns noch etwas sagen? (optional)",
  "csat.send": "Senden",
  "csat.thanks": "Danke für Ihre Rückmeldung!",
  "csat.failed": "Ihre Bewertung wurde nicht gesendet: {{reason}}",
  "csat.pick": "Wählen Sie eine Bewertung von 1 bis 5.",
};

export default de;
