import { formatDateTime, formatRelative, t } from '../i18n';

/** A relative time ("5 minutes ago") with the exact time as its title; "never" when there is none. */
export function RelativeTime({ at, now }: { at: string | number | null | undefined; now: number }) {
  if (at === null || at === undefined || at === '') return <span class="muted">{t('common:never')}</span>;
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(ms)) return <span>{String(at)}</span>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatDateTime(ms)}>
      {formatRelative(ms, now)}
    </time>
  );
}
