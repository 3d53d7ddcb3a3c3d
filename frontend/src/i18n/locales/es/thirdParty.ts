import type en from '../en/thirdParty';
import type { Translation } from '../..';

const es: Translation<typeof en> = {
  title: 'Chats de terceros',
  intro: 'Las personas de otros servicios de mensajería pueden escribir al número de la empresa. Solo se comparte el número de teléfono; un proveedor desactivado recibe «no se encontró a este usuario».',
  ourDomain: 'Este servidor se federa como {{domain}}.',
  notConfigured: 'Este servidor no tiene configurados un dominio ni un certificado de federación, así que ningún proveedor puede alcanzarlo todavía.',
  none: 'No hay ningún proveedor permitido.',
  on: 'activado',
  off: 'desactivado',
  allow: 'Permitir chats desde {{domain}}',
  remove: 'Quitar',
  addTitle: 'Añadir un proveedor',
  'field.domain': 'Dominio',
  'field.address': 'Dirección',
  'field.trust': 'Certificado de confianza (PEM: su CA o su propio certificado)',
  addedOff: 'Un proveedor nuevo se añade desactivado. Actívalo cuando su certificado esté confirmado.',
  add: 'Añadir proveedor',
  loadFailed: 'No se pudieron cargar los ajustes de chats de terceros: {{error}}',
  'error.domain': 'Escribe un dominio como chat.example.com.',
  'error.domainTaken': 'Este proveedor ya está en la lista.',
  'error.address': 'Escribe una dirección https:// sin ruta.',
  'error.trust': 'Pega al menos un certificado PEM (-----BEGIN CERTIFICATE-----).',
  'status.added': '{{domain}} añadido, desactivado.',
  'status.on': 'Se permiten los chats desde {{domain}}.',
  'status.off': 'Los chats desde {{domain}} están desactivados.',
  'status.removed': '{{domain}} quitado.',
  badge: 'vía {{source}}',
};

export default es;
