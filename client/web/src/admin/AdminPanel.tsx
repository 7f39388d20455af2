import { useT } from '../i18n/index.js';
import { AuditLog } from './AuditLog.js';
import { Mentorships } from './Mentorships.js';
import { PolicyEditor } from './PolicyEditor.js';
import { Shifts } from './Shifts.js';
import './admin.css';

/** The admin's screen (loaded on demand): mentorships, the escalation policy, on-call shifts and the audit log, one section each. */
export function AdminPanel() {
  const t = useT();
  return (
    <div class="admin">
      <h1>{t('nav.admin')}</h1>
      <p>{t('admin.intro')}</p>
      <Mentorships />
      <PolicyEditor />
      <Shifts />
      <AuditLog />
    </div>
  );
}
