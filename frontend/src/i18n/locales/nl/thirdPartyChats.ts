import type { Translation } from '../..';
import type en from '../en/thirdPartyChats';

const nl: Translation<typeof en> = {
  'folder.title': 'Chats van derden in de inbox',
  'folder.intro': 'Chats met mensen bij andere berichtendiensten tussen de andere tonen, of in een eigen sectie. Elke open inbox volgt een wijziging meteen.',
  'folder.main': 'In de hoofdlijst',
  'folder.separate': 'In een aparte sectie „Chats van derden”',
  'folder.savedMain': 'Chats van derden staan in de hoofdlijst.',
  'folder.savedSeparate': 'Chats van derden staan in een eigen sectie.',
  'folder.loadFailed': 'Waar chats van derden staan, kon niet worden geladen: {{error}}',
  'section.title': 'Chats van derden',
  'abuse.open': 'Misbruik melden',
  'abuse.note': 'Wat er gebeurde (optioneel; bewaard in het activiteitenlogboek)',
  'abuse.send': 'Melding versturen',
  'abuse.cancel': 'Annuleren',
  'abuse.sent': 'Gemeld. Eigenaren en beheerders zien het in het activiteitenlogboek.',
  'abuse.failed': 'De melding kon niet worden verstuurd: {{error}}',
};

export default nl;
