import type { Translation } from '../..';
import type en from '../en/remoteChats';

const es: Translation<typeof en> = {
  'open': 'Chatear con una empresa de otro proveedor',
  'title': 'Empresas de otros proveedores',
  'intro': 'Escriba a una empresa que usa otro proveedor de mensajería. Solo se comparte su número de teléfono; los mensajes siguen cifrados de extremo a extremo.',
  'back': 'Volver a {{name}}',
  'request.domain': 'Dominio del proveedor',
  'request.domainHint': 'Por ejemplo chat.example.com',
  'request.phone': 'Número de la empresa',
  'request.submit': 'Iniciar chat',
  'request.busy': 'Buscando la empresa…',
  'request.domainMissing': 'Introduzca el dominio del proveedor.',
  'request.domainFormat': 'Esto no es un dominio como chat.example.com.',
  'request.phoneMissing': 'Introduzca el número de la empresa.',
  'request.phoneFormat': 'Introduzca el número con el prefijo del país, como +34 612 345 678.',
  'request.notFound': 'No encontrado. Puede que la empresa no exista en ese proveedor o que no acepte chats desde aquí.',
  'request.failed': 'No se pudo consultar a la empresa: {{error}}',
  'list.title': 'Sus chats',
  'list.empty': 'Aún no hay chats con empresas de otros proveedores.',
  'list.failed': 'No se pudieron cargar sus chats: {{error}}',
  'state.requested': 'Esperando a la empresa',
  'state.granted': 'Abierto',
  'state.revoked': 'Detenido',
  'chat.via': 'en {{domain}}',
  'chat.waiting': 'Se ha preguntado a la empresa. El chat se abrirá aquí en cuanto acepte.',
  'chat.revoked': 'Este chat se detuvo. No se envía ni se recibe nada más.',
  'chat.empty': 'Aún no hay mensajes. Escriba el primero a {{number}}.',
  'chat.placeholder': 'Mensaje a {{number}}',
  'chat.stop': 'Detener este chat',
  'chat.openFailed': 'No se pudo abrir este chat: {{error}}',
  'chat.revokeFailed': 'No se pudo detener el chat: {{error}}',
  'chat.notOpen': 'Este chat no está abierto.',
  'chat.backToList': 'Todos los chats',
};

export default es;
