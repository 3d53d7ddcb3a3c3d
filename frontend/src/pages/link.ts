import { mountLinkPage } from '../link/main';

mountLinkPage(document.getElementById('page-root')!);
