import { t } from '../i18n';
import type { FolderStore, ThirdPartyFolder } from './folder';

const CHOICES: readonly ThirdPartyFolder[] = ['main', 'separate'];

/** Settings → where third-party chats appear in the inbox; every open inbox follows a change at once. */
export function FolderSetting({ store }: { store: FolderStore }) {
  return (
    <section class="card settings-section" id="third-party-folder" aria-labelledby="third-party-folder-title" data-testid="third-party-folder">
      <h2 id="third-party-folder-title">{t('thirdPartyChats:folder.title')}</h2>
      <p class="muted small">{t('thirdPartyChats:folder.intro')}</p>
      <fieldset class="settings-inline" disabled={store.busy.value || !store.loaded.value}>
        <legend class="visually-hidden">{t('thirdPartyChats:folder.title')}</legend>
        {CHOICES.map((choice) => (
          <label key={choice} class="settings-inline">
            <input
              type="radio"
              name="third-party-folder"
              value={choice}
              data-testid={`third-party-folder-${choice}`}
              checked={store.folder.value === choice}
              onChange={() => void store.set(choice)}
            />{' '}
            {t(`thirdPartyChats:folder.${choice}`)}
          </label>
        ))}
      </fieldset>
      <p class="error" role="alert" hidden={!store.error.value} data-testid="third-party-folder-error">
        {store.error.value}
      </p>
      <p class="muted small" role="status" aria-live="polite" data-testid="third-party-folder-status">
        {store.status.value}
      </p>
    </section>
  );
}
