import type en from '../en/customerLink';
import type { Translation } from '../..';

const nl: Translation<typeof en> = {
  title: 'Deze browser aan uw chat koppelen',
  intro: 'Gebruik deze browser voor de chat die u al heeft. U keurt hem één keer goed in de browser waarin u nu chat.',
  'intro.named': 'Gebruik deze browser voor uw chat met {{business}}. U keurt hem één keer goed in de browser waarin u nu chat.',
  'method.legend': 'Hoe keurt u hem goed in uw eerste browser?',
  'account.label': 'Uw mobiele nummer (waarmee u chat)',
  'account.missing': 'Vul het mobiele nummer in waarmee u chat.',
  'qr.howTo': 'Open in de chat in uw eerste browser “Gekoppelde browsers” → “Apparaat koppelen” en scan deze code of plak de koppeltekst.',
  'code.howTo': 'Open in de chat in uw eerste browser “Gekoppelde browsers” → “Koppelen met code” en typ:',
  fingerprint: 'Beveiligingscode van deze browser; uw eerste browser toont dezelfde code voordat u goedkeurt:',
  'step.scan': 'Wachten tot uw eerste browser de code leest…',
  'step.code': 'Wachten tot de code in uw eerste browser wordt getypt…',
  'step.code-typed': 'In uw eerste browser is een code getypt; die wordt gecontroleerd…',
  'step.code-mismatch': 'De code die in uw eerste browser is getypt klopte niet. Typ de code hierboven nog een keer.',
  answerFailed: 'Kon niet antwoorden op de code uit uw eerste browser: {{error}}',
  'refused.declined': 'Uw eerste browser heeft deze browser geweigerd.',
  'refused.wrongCodes': 'Er is te vaak een verkeerde code getypt, daarom is dit verzoek geblokkeerd. Begin opnieuw voor een nieuwe code.',
};
export default nl;
