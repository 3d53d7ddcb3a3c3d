import type { Translation } from '../..';
import type en from '../en/thirdPartyChats';

const es: Translation<typeof en> = {
  'folder.title': 'Chats de terceros en la bandeja de entrada',
  'folder.intro': 'Mostrar los chats con personas de otros servicios de mensajería entre los demás o en una sección propia. Cada bandeja de entrada abierta sigue un cambio al instante.',
  'folder.main': 'En la lista principal',
  'folder.separate': 'En una sección aparte «Chats de terceros»',
  'folder.savedMain': 'Los chats de terceros se muestran en la lista principal.',
  'folder.savedSeparate': 'Los chats de terceros se muestran en su propia sección.',
  'folder.loadFailed': 'No se pudo cargar dónde mostrar los chats de terceros: {{error}}',
  'section.title': 'Chats de terceros',
  'abuse.open': 'Denunciar abuso',
  'abuse.note': 'Qué ocurrió (opcional; se guarda en el registro de actividad)',
  'abuse.send': 'Enviar denuncia',
  'abuse.cancel': 'Cancelar',
  'abuse.sent': 'Denunciado. Los propietarios y administradores lo ven en el registro de actividad.',
  'abuse.failed': 'No se pudo enviar la denuncia: {{error}}',
};

export default es;
