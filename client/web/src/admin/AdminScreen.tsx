import { useT } from '../i18n/index.js';

export function AdminScreen() {
  const t = useT();
  return <h1>{t('nav.admin')}</h1>;
}
