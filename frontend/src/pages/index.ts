import { mountHomePage } from '../home/main';

mountHomePage(document.getElementById('page-root')!);
