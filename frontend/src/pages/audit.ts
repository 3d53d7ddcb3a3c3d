import { mountAuditPage } from '../audit/main';

void mountAuditPage(document.getElementById('audit-root')!);
