import type en from '../en/chat';
import type { Translation } from '../..';

const nl: Translation<typeof en> = {
  "empty": "Schrijf je eerste bericht aan {{name}}",
  "placeholder": "Bericht aan {{name}}",
  "securityCode": "Versleuteld — beveiligingscode",
  "securityCodeOf": "Berichten zijn end-to-end versleuteld. De beveiligingscode van {{name}} is:",
  "securityCodeHint": "Deze browser vertrouwt deze sleutel sinds je eerste bezoek; verandert hij ooit, dan stopt de chat en meldt dat.",
  "queue.joined": "Er is een medewerker bij gekomen",
  "queue.assigned": "Een medewerker antwoordt zo",
};

export default nl;
