import type en from '../en/customerLink';
import type { Translation } from '../..';

const es: Translation<typeof en> = {
  title: 'Vincular este navegador a su chat',
  intro: 'Use este navegador para el chat que ya tiene. Lo aprueba una vez en el navegador en el que chatea ahora.',
  'intro.named': 'Use este navegador para su chat con {{business}}. Lo aprueba una vez en el navegador en el que chatea ahora.',
  'method.legend': '¿Cómo lo aprobará en su primer navegador?',
  'account.label': 'Su número de móvil (con el que chatea)',
  'account.missing': 'Introduzca el número de móvil con el que chatea.',
  'qr.howTo': 'En el chat de su primer navegador abra «Navegadores vinculados» → «Vincular un dispositivo» y escanee este código o pegue su texto de vinculación.',
  'code.howTo': 'En el chat de su primer navegador abra «Navegadores vinculados» → «Vincular con código» y escriba:',
  fingerprint: 'Código de seguridad de este navegador; su primer navegador muestra el mismo código antes de que lo apruebe:',
  'step.scan': 'Esperando a que su primer navegador lea el código…',
  'step.code': 'Esperando a que se escriba el código en su primer navegador…',
  'step.code-typed': 'Se escribió un código en su primer navegador; se está comprobando…',
  'step.code-mismatch': 'El código escrito en su primer navegador no coincidía. Escriba de nuevo el código de arriba.',
  answerFailed: 'No se pudo responder al código escrito en su primer navegador: {{error}}',
  'refused.declined': 'Su primer navegador rechazó este navegador.',
  'refused.wrongCodes': 'Se escribió un código incorrecto demasiadas veces, así que esta solicitud está bloqueada. Empiece de nuevo para obtener un código nuevo.',
};
export default es;
