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
};

export default nl;
