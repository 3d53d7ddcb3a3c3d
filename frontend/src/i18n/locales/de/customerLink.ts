import type en from '../en/customerLink';
import type { Translation } from '../..';

const de: Translation<typeof en> = {
  title: 'Diesen Browser mit Ihrem Chat verbinden',
  intro: 'Nutzen Sie diesen Browser für Ihren bestehenden Chat. Sie bestätigen ihn einmal in dem Browser, in dem Sie jetzt chatten.',
  'intro.named': 'Nutzen Sie diesen Browser für Ihren Chat mit {{business}}. Sie bestätigen ihn einmal in dem Browser, in dem Sie jetzt chatten.',
  'method.legend': 'Wie bestätigen Sie ihn in Ihrem ersten Browser?',
  'account.label': 'Ihre Mobilnummer (mit der Sie chatten)',
  'account.missing': 'Geben Sie die Mobilnummer ein, mit der Sie chatten.',
  'qr.howTo': 'Öffnen Sie im Chat Ihres ersten Browsers „Verbundene Browser“ → „Gerät verknüpfen“ und scannen Sie diesen Code oder fügen Sie den Verbindungstext ein.',
  'code.howTo': 'Öffnen Sie im Chat Ihres ersten Browsers „Verbundene Browser“ → „Mit Code verknüpfen“ und tippen Sie:',
  fingerprint: 'Sicherheitscode dieses Browsers; Ihr erster Browser zeigt denselben Code, bevor Sie bestätigen:',
  'step.scan': 'Warten, bis Ihr erster Browser den Code liest…',
  'step.code': 'Warten, bis der Code in Ihrem ersten Browser eingegeben wird…',
  'step.code-typed': 'In Ihrem ersten Browser wurde ein Code eingegeben; er wird geprüft…',
  'step.code-mismatch': 'Der in Ihrem ersten Browser eingegebene Code passte nicht. Geben Sie den Code oben noch einmal ein.',
  answerFailed: 'Auf den in Ihrem ersten Browser eingegebenen Code konnte nicht geantwortet werden: {{error}}',
  'refused.declined': 'Ihr erster Browser hat diesen Browser abgelehnt.',
  'refused.wrongCodes': 'Es wurde zu oft ein falscher Code eingegeben, daher ist diese Anfrage gesperrt. Beginnen Sie neu, um einen neuen Code zu erhalten.',
};
export default de;
