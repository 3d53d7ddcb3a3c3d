import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorBanner } from '../components/Banner';
import { Composer } from '../components/Composer';
import { AgentDialog, SnoozeDialog } from '../components/RoutingDialogs';
import { RoutingPanel, type RoutingPanelProps } from '../components/RoutingPanel';
import { Thread } from '../components/Thread';
import { TakenOverLine, WhisperForm } from '../components/WhisperForm';
import { translator } from '../i18n';
import { cannedSuggestions } from '../lib/cannedReplies';
import { typersText, viewersText } from '../lib/collision';
import { assigneeWarning, type InboxAction } from '../lib/inboxLogic';
import { mentionSuggestions, splitMentions } from '../lib/mentions';
import { fingerprintOf, B64u } from '../protocol';
import { initialOf } from '../lib/ui';
import type { InboxStore } from './store';
import { ReportAbuse } from '../thirdParty/ReportAbuse';
import { api } from '../lib/api';

const tr = translator('inbox');

type Dialog = { kind: 'assign' | 'transfer' | 'snooze'; opener: HTMLElement } | null;

export function ThreadPane({ store, composerInput }: { store: InboxStore; composerInput: { current: HTMLTextAreaElement | null } }) {
  const id = store.selected.value;
  if (!id) {
    return (
      <section class="inbox-thread" id="inbox-thread" aria-live="off">
        <div class="no-selection empty" id="no-selection">
          {tr('noSelection')}
        </div>
      </section>
    );
  }
  return <OpenThread key={id} store={store} id={id} composerInput={composerInput} />;
}

function OpenThread({ store, id, composerInput }: { store: InboxStore; id: string; composerInput: { current: HTMLTextAreaElement | null } }) {
  const state = store.selectedState.value;
  const me = store.me.value;
  const [dialog, setDialog] = useState<Dialog>(null);
  const name = state?.name ?? store.messenger.cached(id)?.name ?? '';
  const loaded = store.threadLoaded.value;
  const note = store.note.value;
  const closeDialog = () => {
    const opener = dialog?.opener;
    setDialog(null);
    // Focus goes back to the control that opened the dialog (or its re-rendered twin).
    const target = opener?.isConnected ? opener : opener?.dataset.testid ? document.querySelector<HTMLElement>(`[data-testid="${opener.dataset.testid}"]`) : null;
    (target ?? composerInput.current)?.focus();
  };
  const onAction = (action: InboxAction | 'accept', opener: HTMLElement): Promise<unknown> | void => {
    if (action === 'assign' || action === 'transfer') {
      void Promise.all([store.loadAgents(), store.loadTeams()]).then(() => setDialog({ kind: action, opener }));
      return;
    }
    if (action === 'snooze') {
      setDialog({ kind: 'snooze', opener });
      return;
    }
    return store.runAction(action);
  };
  const names = store.teammateNames.value;
  const stored = store.messages.value;
  return (
    <section class="inbox-thread" id="inbox-thread" aria-live="off">
      <header class="conversation-header" id="thread-header">
        <button type="button" class="back-button" aria-label={tr('back')} onClick={() => void store.select(null)}>
          ←
        </button>
        <div class="avatar" aria-hidden="true">
          {initialOf(name)}
        </div>
        <div class="conversation-title">
          <h2 id="thread-name" data-testid="thread-name">
            {name}
          </h2>
          <p class="muted small" id="thread-phone" data-testid="thread-phone">
            {state?.phone ?? store.messenger.cached(id)?.phone ?? ''}
          </p>
        </div>
        <SecurityCode store={store} id={id} name={name} />
        {state?.source ? <ReportAbuse roomId={id} http={api} /> : null}
      </header>
      {state ? <LiveRoutingPanel store={store} onAction={onAction} /> : null}
      <ErrorBanner id="thread-error" testId="thread-error" message={store.threadError.value ?? store.actionError.value} />
      <Thread
        entries={store.threadEntries.value}
        conversationKey={id}
        emptyText={stored.length === 0 && (state?.lastSeq ?? 0) > 0 ? tr('thread.emptyHere') : tr('thread.empty', { name: name || tr('thisCustomer') })}
        namesOnMine
        nowMs={store.now.value}
        onRetry={(clientMessageId) => void store.outbox.retryNow(clientMessageId)}
        onDiscard={(clientMessageId) => store.outbox.discard(clientMessageId)}
        decorateText={(text, entry) => {
          if (entry.kind !== 'note' || !text.includes('@')) return null;
          const parts = splitMentions(text, names);
          if (!parts.some((part) => part.mention)) return null;
          return parts.map((part, index) => {
            if (!part.mention) return part.text;
            const isMe = part.mention.toLowerCase() === me.myPerson.trim().toLowerCase();
            return isMe ? (
              <mark key={index} class="mention mention-me" data-testid="mention-me">
                {part.text}
              </mark>
            ) : (
              <span key={index} class="mention" data-testid="mention">
                {part.text}
              </span>
            );
          });
        }}
      />
      {state?.reason?.code === 'taken_over' && state.assignee ? <TakenOverLine by={state.assignee.person} /> : null}
      {me.supervisor && state?.assignee && state.assignee.deviceId !== me.myDeviceId ? (
        <WhisperForm key={id} assignee={state.assignee.person} onSend={(text) => store.whisper(text, id)} />
      ) : null}
      <Collision store={store} id={id} />
      <Composer
        inputRef={composerInput}
        enabled={loaded}
        allowNotes
        note={note}
        onNoteChange={(on) => {
          store.note.value = on;
        }}
        placeholder={tr('composer.reply', { name: name || tr('thisCustomer') })}
        notePlaceholder={tr('composer.note')}
        warning={assigneeWarning(state, me.myDeviceId)}
        warningTestId="assignee-warning"
        onSend={(text, asNote) => void store.send(text, asNote)}
        onAttach={(file, caption) => store.sendFile(file, caption)}
        suggest={(text, caret, asNote) =>
          cannedSuggestions(store.cannedReplies.value, text, caret) ?? (asNote ? mentionSuggestions(names.filter((person) => person !== me.myPerson), text, caret) : null)
        }
        onTyping={() => store.onTyping()}
      />
      {dialog && state && (dialog.kind === 'assign' || dialog.kind === 'transfer') ? (
        <AgentDialog
          mode={dialog.kind}
          state={state}
          agents={store.agents.value}
          teams={store.teams.value}
          myDeviceId={me.myDeviceId}
          onClose={closeDialog}
          onSubmit={async (target, text) => {
            if (text) {
              // The note goes first, as an ordinary encrypted private note, so it is in the thread when
              // the next agent opens it (§14.3).
              const entry = store.send(text, true, state.id);
              const left = await store.outbox.settled(entry.clientMessageId);
              if (left) {
                store.outbox.discard(left.clientMessageId);
                return tr('transfer.noteFailed', { reason: left.error ?? '' });
              }
            }
            return store.runAction(dialog.kind, target, state.id);
          }}
        />
      ) : null}
      {dialog && state && dialog.kind === 'snooze' ? (
        <SnoozeDialog state={state} nowMs={store.now.value} onClose={closeDialog} onSnooze={(until) => store.runAction('snooze', { until: until.toISOString() }, state.id)} />
      ) : null}
    </section>
  );
}

/** The routing panel with its offer countdown: the only part of the thread that re-renders every second. */
function LiveRoutingPanel({ store, onAction }: { store: InboxStore; onAction: RoutingPanelProps['onAction'] }) {
  const state = store.selectedState.value;
  const me = store.me.value;
  if (!state) return null;
  return (
    <RoutingPanel
      state={state}
      teams={store.teams.value}
      agents={store.agents.value}
      myDeviceId={me.myDeviceId}
      supervisor={me.supervisor}
      nowMs={store.second.value}
      labelFilter={store.labelFilter.value}
      knownLabels={store.knownLabels.value}
      onAction={onAction}
      onLabelFilter={(label) => store.setLabelFilter(label)}
      onLabels={(labels) => store.putLabels(labels)}
      loadHistory={(conversation) => store.assignmentHistory(conversation)}
    />
  );
}

/** Who else is looking at or typing in this conversation (§14.4). */
function Collision({ store, id }: { store: InboxStore; id: string }) {
  void store.presenceVersion.value;
  const presence = store.activity.presence(id, store.second.value);
  const viewers = viewersText(presence.viewers);
  const typers = typersText(presence.typers);
  return (
    <div class="collision" id="collision" role="status" aria-live="polite" hidden={!viewers && !typers}>
      <span class="collision-viewers" data-testid="collision-viewers" hidden={!viewers}>
        {viewers ?? ''}
      </span>
      <span class="collision-typing" data-testid="collision-typing" hidden={!typers} aria-live="off">
        {typers ?? ''}
      </span>
    </div>
  );
}

function SecurityCode({ store, id, name }: { store: InboxStore; id: string; name: string }) {
  const [code, setCode] = useState<string | null>(null);
  const loaded = store.threadLoaded.value;
  const asked = useRef(false);
  useEffect(() => {
    if (!loaded || asked.current) return;
    asked.current = true;
    const primary = store.messenger.cached(id)?.customer.list.devices.find((device) => device.primary);
    if (primary) void fingerprintOf(B64u.decode(primary.signingKey), B64u.decode(primary.agreementKey)).then(setCode, () => undefined);
  }, [loaded]);
  if (!code) return <span />;
  return (
    <details class="security-code">
      <summary>{tr('securityCode')}</summary>
      <p class="small">{tr('securityCodeOf', { name })}</p>
      <div class="fingerprint" data-testid="customer-fingerprint">
        {code}
      </div>
    </details>
  );
}
