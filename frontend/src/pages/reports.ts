import { mountReportsPage } from '../reports/main';

void mountReportsPage(document.getElementById('reports-root')!);
