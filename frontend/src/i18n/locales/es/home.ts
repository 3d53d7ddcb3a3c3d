import type en from '../en/home';
import type { Translation } from '../..';

const es: Translation<typeof en> = {
  title: 'Bienvenida',
  checking: 'Comprobando este navegador…',
  signingIn: 'Iniciando sesión en {{business}}…',
  signInFailed: 'Este navegador no pudo iniciar sesión: {{error}}',
  notSetUp: 'Este servidor aún no tiene un número de empresa configurado.',
  notSetUpHow: 'El propietario debe abrir el enlace de configuración de un solo uso que el servidor escribió en su registro al arrancar (se parece a {{link}}). El navegador que lo abra será el dispositivo principal.',
  inboxOf: 'Esta es la bandeja de entrada compartida de {{business}}.',
  inboxOfNumber: 'Esta es la bandeja de entrada compartida de {{business}} ({{number}}).',
  theBusiness: 'la empresa',
  notLinked: 'Este navegador aún no está vinculado. Vincúlalo como dispositivo de la empresa; el propietario lo aprueba en el dispositivo principal.',
  link: 'Vincular este navegador',
};
export default es;
