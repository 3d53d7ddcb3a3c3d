import { mountSettingsPage } from '../settings/main';

void mountSettingsPage(document.getElementById('settings-root')!);
