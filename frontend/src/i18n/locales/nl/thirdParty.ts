import type en from '../en/thirdParty';
import type { Translation } from '../..';

const nl: Translation<typeof en> = {
  title: 'Chats met derden',
  intro: 'Mensen bij andere berichtendiensten mogen het bedrijfsnummer een bericht sturen. Alleen het telefoonnummer wordt gedeeld; een dienst die uit staat krijgt "deze gebruiker is niet gevonden".',
  ourDomain: 'Deze server federeert als {{domain}}.',
  notConfigured: 'Op deze server zijn geen federatiedomein en certificaat ingesteld, dus nog geen dienst kan hem bereiken.',
  none: 'Er is geen dienst toegestaan.',
  on: 'aan',
  off: 'uit',
  allow: 'Chats van {{domain}} toestaan',
  remove: 'Verwijderen',
  addTitle: 'Dienst toevoegen',
  'field.domain': 'Domein',
  'field.address': 'Adres',
  'field.trust': 'Vertrouwd certificaat (PEM: de CA of het eigen certificaat)',
  addedOff: 'Een nieuwe dienst wordt uitgeschakeld toegevoegd. Zet hem aan zodra het certificaat bevestigd is.',
  add: 'Dienst toevoegen',
  loadFailed: 'De instellingen voor chats met derden konden niet worden geladen: {{error}}',
  'error.domain': 'Vul een domein in, zoals chat.example.com.',
  'error.domainTaken': 'Deze dienst staat al in de lijst.',
  'error.address': 'Vul een https://-adres zonder pad in.',
  'error.trust': 'Plak minstens één PEM-certificaat (-----BEGIN CERTIFICATE-----).',
  'status.added': '{{domain}} toegevoegd, uitgeschakeld.',
  'status.on': 'Chats van {{domain}} zijn toegestaan.',
  'status.off': 'Chats van {{domain}} staan uit.',
  'status.removed': '{{domain}} verwijderd.',
  badge: 'via {{source}}',
};

export default nl;
