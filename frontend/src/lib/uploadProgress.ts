import { t } from '../i18n';
import type { UploadProgress } from './attachments';

/** What the thread says about an attachment on its way out. */
export function progressText(progress: UploadProgress): string {
  switch (progress.stage) {
    case 'encrypting':
      return t('components:upload.encrypting');
    case 'uploading':
      return progress.fraction === null ? t('components:upload.uploading') : t('components:upload.uploadingPercent', { percent: Math.round(progress.fraction * 100) });
    case 'thumbnail':
      return t('components:upload.thumbnail');
    case 'sending':
      return t('components:upload.sending');
  }
}
