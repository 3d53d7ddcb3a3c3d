import type en from '../en/common';
import type { Translation } from '../..';

const es: Translation<typeof en> = {
  appName: 'Switchboard',
  justNow: 'ahora mismo',
  never: 'nunca',
  language: 'Idioma',
  cancel: 'Cancelar',
  save: 'Guardar',
  saving: 'Guardando…',
  close: 'Cerrar',
  remove: 'Quitar',
  back: 'Volver',
  retry: 'Reintentar',
  loading: 'Cargando…',
  offline: 'No se puede conectar con el servidor. Revisa tu conexión e inténtalo de nuevo.',
  'role.owner': 'Propietario',
  'role.admin': 'Administrador',
  'role.supervisor': 'Supervisor',
  'role.agent': 'Agente',
  'nav.inbox': 'Bandeja de entrada',
  'nav.devices': 'Dispositivos',
  'nav.settings': 'Ajustes',
  'name.missing': 'Escribe {{what}}.',
  'name.tooLong': '{{what}} puede tener como máximo 80 caracteres (ahora {{count}}).',
};
export default es;
