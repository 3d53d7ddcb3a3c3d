import { effect } from '@preact/signals';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ConnectionBanner } from '../components/Banner';
import { Composer } from '../components/Composer';
import { Thread } from '../components/Thread';
import { translator } from '../i18n';
import { createChatRouting, type ChatRouting } from '../lib/chatRouting';
import { connectMessaging, type Messenger } from '../lib/messaging';
import type { CustomerMe } from '../lib/types';
import { initialOf } from '../lib/ui';
import { B64u, fingerprintOf } from '../protocol';
import { ChatStore } from './store';

const tr = translator('chat');

/** Mounts the customer's conversation and wires it to the event socket. */
export async function startChat(root: HTMLElement, messenger: Messenger, me: CustomerMe): Promise<void> {
  const store = new ChatStore(messenger, me.customerId, me.businessName || me.businessNumber);
  // Topic menu and place in line sit between the thread and the composer (protocol §14).
  const routing = createChatRouting(me.customerId);
  effect(() => routing.setAnswered(store.businessAnswered.value));
  messenger.on((event) => {
    if (event.type === 'message' && event.message.conversation === store.conversation) void store.reload();
    else if (event.type === 'receipt' && event.receipt.conversation === store.conversation) store.receiptsVersion.value++;
    else if (event.type === 'caught-up') store.stalledReason.value = null;
    else if (event.type === 'stalled') store.onStalled(event.error);
  });
  await store.reload();
  render(<ChatApp store={store} me={me} routing={routing} />, root);
  document.body.classList.add('chat-open');
  void routing.start();
  connectMessaging(
    messenger,
    {
      onReconnected: () => {
        void messenger.conversation(store.conversation, { force: true }).then(() => store.reload(), () => undefined);
      },
      onStateChange: (connection) => {
        store.connection.value = connection;
        // Queue frames only reach an open socket: ask again once it is (first connect and every reconnect);
        // messages written meanwhile go out now.
        if (connection === 'connected') {
          void routing.refresh();
          void store.outbox.resume();
        }
      },
      onRouting: (event) => routing.onRouting(event),
    },
    { probePath: '/api/customers/me' },
  );
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void store.markRead();
  });
  window.addEventListener('focus', () => void store.markRead());
  // Keep "Today"/"Yesterday" right across midnight.
  setInterval(() => {
    store.now.value = Date.now();
  }, 60_000);
}

function ChatApp({ store, me, routing }: { store: ChatStore; me: CustomerMe; routing: ChatRouting }) {
  const routingSlot = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement | null>(null);
  useEffect(() => {
    routingSlot.current?.replaceChildren(routing.element);
    input.current?.focus();
  }, []);
  return (
    <section class="card chat" id="chat" data-testid="chat">
      <ChatHeader store={store} me={me} />
      <ConnectionBanner state={store.connectionView.value} detail={store.stalledReason.value} />
      <Thread
        entries={store.entries.value}
        conversationKey={store.conversation}
        emptyText={tr('empty', { name: store.businessName })}
        namesOnMine={false}
        nowMs={store.now.value}
        onRetry={(id) => void store.outbox.retryNow(id)}
        onDiscard={(id) => store.outbox.discard(id)}
      />
      <div ref={routingSlot} />
      <Composer inputRef={input} enabled placeholder={tr('placeholder', { name: store.businessName })} onSend={(text) => store.send(text)} onAttach={(file, caption) => store.sendFile(file, caption)} />
    </section>
  );
}

function ChatHeader({ store, me }: { store: ChatStore; me: CustomerMe }) {
  const [code, setCode] = useState<string | null>(null);
  useEffect(() => {
    const primary = store.messenger.cached(store.conversation)?.business.list.devices.find((device) => device.primary);
    if (primary) void fingerprintOf(B64u.decode(primary.signingKey), B64u.decode(primary.agreementKey)).then(setCode, () => undefined);
  }, []);
  const name = store.businessName;
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
          {me.businessNumber}
        </p>
      </div>
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
