import type en from '../en/recovery';
import type { Translation } from '../..';

const es: Translation<typeof en> = {
  title: 'Clave de recuperación',
  intro: 'Si se pierde este navegador, la clave de recuperación permite que un navegador nuevo pase a ser el dispositivo principal. Cada dispositivo de aquí lo ve y puede detenerlo durante {{hours}} horas; después el navegador nuevo toma el control y se cierra la sesión de todos los dispositivos anteriores.',
  on: 'La recuperación con clave está activada.',
  off: 'La recuperación está desactivada: si se pierde este navegador, solo el operador del servidor puede restablecer la cuenta, y los dispositivos vinculados deben vincularse de nuevo.',
  turnOn: 'Activar la clave de recuperación',
  renew: 'Crear una clave de recuperación nueva',
  'shown.title': 'Anote esta clave ahora.',
  'shown.text': 'Solo se muestra esta vez y no se guarda en ningún sitio: guárdela en papel, en un lugar seguro. Quien la tenga puede reclamar la cuenta.',
  'shown.done': 'Ya la he anotado',
  'pending.title': 'Alguien está recuperando esta cuenta',
  'pending.text': '{{person}} ({{label}}) ha usado la clave de recuperación para ser el dispositivo principal. Surte efecto el {{date}}; entonces se cierra la sesión de todos los dispositivos de aquí. Si no estaba previsto, cancélelo ahora.',
  'pending.cancel': 'Cancelar la recuperación',
  'pending.askAdmin': 'Si no estaba previsto, pida al propietario o a un admin que lo cancele.',
  loadFailed: 'No se pudo cargar el estado de la recuperación: {{error}}',
  noList: 'La lista de dispositivos aún no está verificada.',
  turnOnFailed: 'No se pudo activar la clave de recuperación: {{error}}',
  cancelFailed: 'No se pudo cancelar la recuperación: {{error}}',
};

export default es;
