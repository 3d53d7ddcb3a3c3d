import type en from '../en/recovery';
import type { Translation } from '../..';

const de: Translation<typeof en> = {
  title: 'Wiederherstellungsschlüssel',
  intro: 'Geht dieser Browser verloren, kann ein neuer Browser mit dem Wiederherstellungsschlüssel zum Hauptgerät werden. Jedes Gerät hier wird informiert und kann das {{hours}} Stunden lang stoppen; danach übernimmt der neue Browser und alle alten Geräte werden abgemeldet.',
  on: 'Die Wiederherstellung per Schlüssel ist eingeschaltet.',
  off: 'Die Wiederherstellung ist aus: Geht dieser Browser verloren, kann nur der Betreiber des Servers das Konto zurücksetzen, und Begleitgeräte müssen neu verknüpft werden.',
  turnOn: 'Wiederherstellungsschlüssel einschalten',
  renew: 'Neuen Wiederherstellungsschlüssel erstellen',
  'shown.title': 'Schreiben Sie diesen Schlüssel jetzt auf.',
  'shown.text': 'Er wird nur dieses eine Mal gezeigt und nirgends gespeichert: Bewahren Sie ihn auf Papier an einem sicheren Ort auf. Wer ihn hat, kann das Konto beanspruchen.',
  'shown.done': 'Ich habe ihn aufgeschrieben',
  'pending.title': 'Jemand stellt dieses Konto wieder her',
  'pending.text': '{{person}} ({{label}}) hat mit dem Wiederherstellungsschlüssel beantragt, Hauptgerät zu werden. Das wird am {{date}} wirksam, dann werden alle Geräte hier abgemeldet. War das nicht geplant, brechen Sie es jetzt ab.',
  'pending.cancel': 'Wiederherstellung abbrechen',
  'pending.askAdmin': 'War das nicht geplant, bitten Sie den Inhaber oder einen Admin, es abzubrechen.',
  loadFailed: 'Der Wiederherstellungsstatus konnte nicht geladen werden: {{error}}',
  noList: 'Die Geräteliste ist noch nicht geprüft.',
  turnOnFailed: 'Der Wiederherstellungsschlüssel konnte nicht eingeschaltet werden: {{error}}',
  cancelFailed: 'Die Wiederherstellung konnte nicht abgebrochen werden: {{error}}',
};

export default de;
