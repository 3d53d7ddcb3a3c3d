import { useEffect, useRef, useState } from 'preact/hooks';
import { ConnectionBanner } from '../components/Banner';
import { Composer } from '../components/Composer';
import { HistoryProgress } from '../components/HistoryProgress';
import { Thread } from '../components/Thread';
import { t, translator } from '../i18n';
import { LinkPage } from '../link/LinkPage';
import { initialOf } from '../lib/ui';
import { B64u, fingerprintOf } from '../protocol';
import { Browsers, useBrowsersTick } from './Browsers';
import { Csat } from './Csat';
import { QueueAndTopics } from './QueueAndTopics';
import { RemoteChats } from './RemoteChats';
import { SignUp } from './SignUp';
import type { ChatStore } from './store';

const tr = translator('chat');

/** The customer's page: sign-up, then the conversation; or why neither can be shown. */
export function ChatPage({ store }: { store: ChatStore }) {
  switch (store.phase.value) {
    case 'loading':
      return (
        <section class="card">
          <p class="muted">{tr('loading')}</p>
          <div class="progress indeterminate" />
        </section>
      );
    case 'unavailable':
      return (
        <section class="card">
          <h1>{tr('title')}</h1>
          <p id="chat-unavailable" data-testid="chat-unavailable">
            {tr('unavailable')}
          </p>
        </section>
      );
    case 'fatal':
      return (
        <section class="card">
          <p class="error" role="alert" id="chat-error" data-testid="chat-error">
            {store.fatal.value}
          </p>
          <button type="button" onClick={() => location.reload()}>
            {tr('tryAgain')}
          </button>
        </section>
      );
    case 'signup':
      return <SignUp store={store} />;
    case 'link':
      return <LinkThisBrowser store={store} />;
    case 'chat':
      return <Conversation store={store} />;
    case 'codeChanged':
      return (
        <section class="card chat">
          <SecurityCodeChanged store={store} />
        </section>
      );
  }
}

/**
 * The business's security code changed (protocol §7.3, §7.4): a warning with the new code until the customer accepts
 * it. After a recovery the client checked the claim; after an operator's reset nobody could, so the customer is asked
 * to compare the code with the business by another channel, and nothing is exchanged until they accept.
 */
function SecurityCodeChanged({ store }: { store: ChatStore }) {
  const change = store.codeChange.value;
  if (!change) return null;
  const business = store.businessName.value;
  return (
    <div class={change.kind === 'reset' ? 'error' : 'notice'} role="alert" data-testid="security-code-changed" data-kind={change.kind}>
      <p>{change.kind === 'reset' ? t('recovery:code.reset', { business }) : t('recovery:securityCodeChanged', { business })}</p>
      <p class="small">{t('recovery:code.newCode')}</p>
      <div class="fingerprint" data-testid="security-code-new">{change.code}</div>
      <button type="button" class="primary" id="security-code-accept" data-testid="security-code-accept" onClick={() => void store.acceptCodeChange()}>
        {t('recovery:code.accept')}
      </button>
      <p class="error" role="alert" hidden={!store.codeChangeError.value}>{store.codeChangeError.value}</p>
    </div>
  );
}

/** A browser of a customer who already chats elsewhere: the link page's flow, approved on the first browser. */
function LinkThisBrowser({ store }: { store: ChatStore }) {
  const link = store.link.value;
  if (!link) return null;
  const busy = link.phase.value === 'finishing' || link.phase.value === 'linked';
  return (
    <div class="chat-link" id="chat-link" data-testid="chat-link">
      <LinkPage store={link} />
      {!busy ? (
        <p>
          <button type="button" class="link-button" id="chat-link-back" data-testid="chat-link-back" onClick={() => store.backToSignUp()}>
            {tr('link.back')}
          </button>
        </p>
      ) : null}
    </div>
  );
}

function Conversation({ store }: { store: ChatStore }) {
  const input = useRef<HTMLTextAreaElement | null>(null);
  const browsers = store.browsers.value;
  const remote = store.remote.value;
  useBrowsersTick(browsers);
  useEffect(() => {
    document.body.classList.add('chat-open');
    input.current?.focus();
    store.connect();
  }, []);
  if (remote && store.showRemote.value) {
    return (
      <section class="card chat" id="chat" data-testid="chat">
        <RemoteChats
          store={remote}
          businessName={store.businessName.value}
          onClose={() => {
            store.showRemote.value = false;
            setTimeout(() => document.getElementById('chat-remote-button')?.focus());
          }}
        />
      </section>
    );
  }
  return (
    <section class="card chat" id="chat" data-testid="chat">
      <ChatHeader store={store} />
      <ConnectionBanner state={store.connectionView.value} detail={store.stalledReason.value} />
      <SecurityCodeChanged store={store} />
      {store.showBrowsers.value && browsers ? (
        <Browsers
          browsers={browsers}
          onClose={() => {
            store.showBrowsers.value = false;
            document.getElementById('chat-browsers-button')?.focus();
          }}
        />
      ) : null}
      <HistoryProgress bar={store.history.value} waitingText={tr('history.waiting')} />
      <Thread
        entries={store.entries.value}
        conversationKey={store.conversation}
        emptyText={tr('empty', { name: store.businessName.value })}
        namesOnMine={false}
        nowMs={store.now.value}
        onRetry={(id) => void store.outbox.retryNow(id)}
        onDiscard={(id) => store.outbox.discard(id)}
      />
      <QueueAndTopics store={store} />
      <Csat store={store} />
      <Composer inputRef={input} enabled placeholder={tr('placeholder', { name: store.businessName.value })} onSend={(text) => store.send(text)} onAttach={(file, caption) => store.sendFile(file, caption)} />
    </section>
  );
}

function ChatHeader({ store }: { store: ChatStore }) {
  const [code, setCode] = useState<string | null>(null);
  useEffect(() => {
    const primary = store.messenger?.cached(store.conversation)?.business.list.devices.find((device) => device.primary);
    if (primary) void fingerprintOf(B64u.decode(primary.signingKey), B64u.decode(primary.agreementKey)).then(setCode, () => undefined);
  }, []);
  const name = store.businessName.value;
  return (
    <header class="conversation-header" id="chat-header" data-testid="chat-header">
      <div class="avatar" aria-hidden="true">
        {initialOf(name)}
      </div>
      <div class="conversation-title">
        <h1 id="chat-business-name" data-testid="chat-business-name">
          {name}
        </h1>
        <p class="muted small" id="chat-business-number" data-testid="chat-business-number">
          {store.businessNumber.value}
        </p>
      </div>
      <button
        type="button"
        class="link-button"
        id="chat-browsers-button"
        data-testid="chat-browsers-button"
        aria-expanded={store.showBrowsers.value}
        aria-controls="chat-browsers"
        onClick={() => (store.showBrowsers.value = !store.showBrowsers.value)}
      >
        {tr('browsers.title')}
      </button>
      {store.remote.value ? (
        <button type="button" class="link-button" id="chat-remote-button" data-testid="chat-remote-button" onClick={() => (store.showRemote.value = true)}>
          {t('remoteChats:open')}
        </button>
      ) : null}
      {code ? (
        <details class="security-code">
          <summary>{tr('securityCode')}</summary>
          <p class="small">{tr('securityCodeOf', { name })}</p>
          <div class="fingerprint" data-testid="business-fingerprint">
            {code}
          </div>
          <p class="small muted">{tr('securityCodeHint')}</p>
        </details>
      ) : null}
    </header>
  );
}
