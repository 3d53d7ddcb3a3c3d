import { useEffect, useRef } from 'preact/hooks';
import { Composer } from '../components/Composer';
import { Thread } from '../components/Thread';
import { translator } from '../i18n';
import type { RemoteChat, RemoteChatsStore } from './remoteChats';
import { FieldError } from './FieldError';

const tr = translator('remoteChats');

/**
 * Chats with businesses at other providers (docs/protocol.md §16.1): the list and the request by domain and number,
 * or one chat with the same thread and composer as the local one. The business is shown by its number only: that is
 * all the other provider shares. Escape goes back a step.
 */
export function RemoteChats({ store, businessName, onClose }: { store: RemoteChatsStore; businessName: string; onClose(): void }) {
  const current = store.current.value;
  useEffect(() => {
    void store.refresh();
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (store.current.value) {
        store.close();
        document.getElementById('remote-domain')?.focus();
      } else {
        onClose();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <section class="remote-chats" id="remote-chats" data-testid="remote-chats" aria-labelledby="remote-chats-title">
      <p>
        <button type="button" class="link-button" id="remote-chats-back" data-testid="remote-chats-back" onClick={onClose}>
          {tr('back', { name: businessName })}
        </button>
      </p>
      {current ? <OneChat store={store} chat={current} /> : <ChatList store={store} />}
    </section>
  );
}

function ChatList({ store }: { store: RemoteChatsStore }) {
  const domain = useRef<HTMLInputElement>(null);
  const phone = useRef<HTMLInputElement>(null);
  const errors = store.fieldErrors.value;
  const busy = store.requestBusy.value;
  const chats = store.chats.value;
  useEffect(() => domain.current?.focus(), []);
  useEffect(() => {
    if (errors.domain) domain.current?.focus();
    else if (errors.phone) phone.current?.focus();
  }, [errors]);
  return (
    <div>
      <h2 id="remote-chats-title">{tr('title')}</h2>
      <p class="muted">{tr('intro')}</p>
      <form
        class="form"
        id="remote-request-form"
        noValidate
        aria-busy={busy}
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void store.request(domain.current!.value, phone.current!.value);
        }}
      >
        <label for="remote-domain">{tr('request.domain')}</label>
        <input
          id="remote-domain"
          data-testid="remote-domain"
          name="domain"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          placeholder="chat.example.com"
          ref={domain}
          aria-invalid={errors.domain ? true : undefined}
          aria-describedby={errors.domain ? 'remote-domain-help remote-domain-error' : 'remote-domain-help'}
        />
        <FieldError id="remote-domain-error" text={errors.domain} />
        <small id="remote-domain-help" class="muted">
          {tr('request.domainHint')}
        </small>
        <label for="remote-phone">{tr('request.phone')}</label>
        <input
          id="remote-phone"
          data-testid="remote-phone"
          name="phone"
          type="tel"
          autoComplete="off"
          placeholder="+4915112345678"
          ref={phone}
          aria-invalid={errors.phone ? true : undefined}
          aria-describedby={errors.phone ? 'remote-phone-error' : undefined}
        />
        <FieldError id="remote-phone-error" text={errors.phone} />
        <button type="submit" class="primary" id="remote-request" data-testid="remote-request" disabled={busy}>
          {busy ? tr('request.busy') : tr('request.submit')}
        </button>
      </form>
      <p class="error" role="alert" id="remote-request-error" data-testid="remote-request-error" hidden={!store.requestError.value}>
        {store.requestError.value ?? ''}
      </p>
      <h3>{tr('list.title')}</h3>
      <p class="error" role="alert" hidden={!store.listError.value}>
        {store.listError.value ?? ''}
      </p>
      {chats.length === 0 ? (
        <p class="muted" id="remote-chats-empty" data-testid="remote-chats-empty">
          {tr('list.empty')}
        </p>
      ) : (
        <ul id="remote-chat-list" data-testid="remote-chat-list">
          {chats.map((chat) => (
            <li key={chat.id}>
              <button type="button" class="link-button" data-testid="remote-chat" data-state={chat.state} onClick={() => void store.show(chat.id)}>
                {chat.businessNumber} {tr('chat.via', { domain: chat.domain })} · {tr(`state.${chat.state}`)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function OneChat({ store, chat }: { store: RemoteChatsStore; chat: RemoteChat }) {
  const input = useRef<HTMLTextAreaElement | null>(null);
  const granted = chat.state === 'granted';
  useEffect(() => input.current?.focus(), [chat.id]);
  return (
    <div class="chat" id="remote-chat" data-testid="remote-chat-open" data-state={chat.state}>
      <header class="conversation-header">
        <div class="conversation-title">
          <h2 id="remote-chats-title" data-testid="remote-chat-number">
            {chat.businessNumber}
          </h2>
          <p class="muted small">
            {tr('chat.via', { domain: chat.domain })} · {tr(`state.${chat.state}`)}
          </p>
        </div>
        <button
          type="button"
          class="link-button"
          id="remote-chat-list-button"
          onClick={() => {
            store.close();
          }}
        >
          {tr('chat.backToList')}
        </button>
        {chat.state !== 'revoked' ? (
          <button type="button" class="link-button" id="remote-chat-stop" data-testid="remote-chat-stop" onClick={() => void store.revoke()}>
            {tr('chat.stop')}
          </button>
        ) : null}
      </header>
      <p class="error" role="alert" id="remote-chat-error" hidden={!store.openError.value}>
        {store.openError.value ?? ''}
      </p>
      {chat.state === 'requested' ? (
        <p class="notice" role="status" data-testid="remote-chat-waiting">
          {tr('chat.waiting')}
        </p>
      ) : null}
      {chat.state === 'revoked' ? (
        <p class="notice" role="status">
          {tr('chat.revoked')}
        </p>
      ) : null}
      {granted ? (
        <>
          <Thread
            entries={store.entries.value}
            conversationKey={`remote:${chat.id}`}
            emptyText={tr('chat.empty', { number: chat.businessNumber })}
            namesOnMine={false}
            onRetry={(id) => void store.outbox.retryNow(id)}
            onDiscard={(id) => store.outbox.discard(id)}
          />
          <Composer
            inputRef={input}
            enabled
            placeholder={tr('chat.placeholder', { number: chat.businessNumber })}
            onSend={(text) => store.send(text)}
            onAttach={(file, caption) => store.sendFile(file, caption)}
          />
        </>
      ) : null}
    </div>
  );
}
