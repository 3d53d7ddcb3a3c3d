import { mountRecoverPage } from '../recover/main';

mountRecoverPage(document.getElementById('page-root')!);
