import { useEffect, useRef, useState } from 'preact/hooks';
import { translator } from '../i18n';
import { downloadBlob, saveBytes } from '../lib/attachments';
import type { Attachment } from '../protocol';

const tr = translator('components');

/** An image attachment at full size in a modal dialog; decrypted on this device, Escape closes it. */
export function ImageViewer({ attachment, onClose }: { attachment: Attachment; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [bytes, setBytes] = useState<Uint8Array | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && typeof element.showModal === 'function' && !element.open) element.showModal();
    let live = true;
    let objectUrl: string | null = null;
    downloadBlob(attachment).then(
      (plaintext) => {
        if (!live) return;
        objectUrl = URL.createObjectURL(new Blob([plaintext as BlobPart], { type: attachment.mime }));
        setBytes(plaintext);
        setUrl(objectUrl);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [attachment.blobId]);

  const name = attachment.name || tr('attachment.unnamed');
  return (
    <dialog ref={dialog} class="dialog image-viewer" data-testid="image-viewer" aria-label={name} onClose={onClose} onClick={(event) => event.target === dialog.current && onClose()}>
      <div class="image-viewer-bar">
        <span class="image-viewer-name">{name}</span>
        {bytes ? (
          <button type="button" data-testid="image-viewer-download" onClick={() => saveBytes(bytes, attachment.name, attachment.mime)}>
            {tr('attachment.download')}
          </button>
        ) : null}
        <button type="button" data-testid="image-viewer-close" aria-label={tr('close')} onClick={onClose}>
          ×
        </button>
      </div>
      {url ? <img class="image-viewer-image" data-testid="image-viewer-image" src={url} alt={name} /> : failed ? <p class="error">{tr('attachment.unreadable')}</p> : <p class="muted">{tr('loading')}</p>}
    </dialog>
  );
}
