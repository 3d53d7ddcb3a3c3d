import { mountSetupPage } from '../setup/main';

mountSetupPage(document.getElementById('page-root')!);
