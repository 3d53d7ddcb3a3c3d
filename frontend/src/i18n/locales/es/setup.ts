import type en from '../en/setup';
import type { Translation } from '../..';

const es: Translation<typeof en> = {
  title: 'Configura tu número de empresa',
  intro: 'Este navegador será el dispositivo principal. Aprueba y quita cada navegador que vincule tu equipo. Sus claves se crean aquí y nunca salen de él.',
  'number.label': 'Número de empresa',
  'number.help': 'Formato internacional: + y el prefijo del país, p. ej. +4915112345678.',
  'number.missing': 'Escribe el número de empresa.',
  'number.format': 'Usa el formato internacional: + y el prefijo del país, luego el número, p. ej. +4915112345678.',
  'displayName.label': 'Nombre visible de la empresa',
  'displayName.what': 'el nombre visible de la empresa',
  'person.label': 'Tu nombre',
  'person.what': 'tu nombre',
  submit: 'Crear cuenta',
  creating: 'Creando claves…',
  done: 'Listo',
  noToken: 'Esta página necesita el enlace de configuración de un solo uso del registro del servidor (termina en #token=…). Abre ese enlace o pégalo abajo.',
  'paste.label': 'Enlace de configuración del registro del servidor',
  'paste.submit': 'Usar este enlace',
  'paste.invalid': 'Eso no es un enlace de configuración. Copia la línea entera del registro del servidor, con todo lo que sigue a #token=.',
  alreadySetUp: 'La cuenta {{number}} ya está configurada.',
  openStart: 'Abrir la página de inicio',
  oldKeys: 'Este navegador aún guarda las claves de un dispositivo anterior de {{account}}.',
  forget: 'Olvidarlas y continuar',
  'error.tokenUsed': 'Puede que la cuenta ya esté configurada; abre la página de inicio.',
  'error.tokenInvalid': 'Copia el enlace entero del registro del servidor, con todo lo que sigue a #token=, o pégalo arriba.',
};
export default es;
