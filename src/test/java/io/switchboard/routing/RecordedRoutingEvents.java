package io.switchboard.routing;

import io.switchboard.conversation.ConversationOpened;
import io.switchboard.routing.events.RoutingEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every routing event (and conversation opened) as it is fired inside its transaction and as observers hear it after commit. */
// A singleton, not application-scoped: the test reads the lists directly, which a client proxy would not forward.
@Singleton
public class RecordedRoutingEvents {

    final List<Object> fired = new CopyOnWriteArrayList<>();
    final List<Object> committed = new CopyOnWriteArrayList<>();

    void fired(@Observes RoutingEvent event) {
        fired.add(event);
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoutingEvent event) {
        committed.add(event);
    }

    void opened(@Observes ConversationOpened event) {
        fired.add(event);
    }

    void openedCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationOpened event) {
        committed.add(event);
    }

    void clear() {
        fired.clear();
        committed.clear();
    }
}
