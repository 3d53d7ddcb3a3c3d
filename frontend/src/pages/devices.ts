import { mountDevicesPage } from '../devices/main';

void mountDevicesPage(document.getElementById('devices-root')!);
