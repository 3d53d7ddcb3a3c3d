import type en from '../en/chat';
import type { Translation } from '../..';

const de: Translation<typeof en> = {
  "empty": "Schreiben Sie Ihre erste Nachricht an {{name}}",
  "placeholder": "Nachricht an {{name}}",
  "securityCode": "Verschlüsselt — Sicherheitscode",
  "securityCodeOf": "Nachrichten sind Ende-zu-Ende-verschlüsselt. Der Sicherheitscode von {{name}} lautet:",
  "securityCodeHint": "Dieser Browser vertraut diesem Schlüssel seit Ihrem ersten Besuch; ändert er sich, hält der Chat an und sagt es Ihnen.",
  "queue.joined": "Eine Mitarbeiterin oder ein Mitarbeiter ist da",
  "queue.assigned": "Gleich antwortet Ihnen jemand",
};

export default de;
