import { useT } from '../i18n/index.js';

export function Board() {
  const t = useT();
  return <h1>{t('nav.board')}</h1>;
}
