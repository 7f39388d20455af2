import { useT } from '../i18n/index.js';

export function Profile() {
  const t = useT();
  return <h1>{t('nav.profile')}</h1>;
}
