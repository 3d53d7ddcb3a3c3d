package io.switchboard.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hot paths' JDBC statements: JPA's positional parameters, values as JDBC gives them, and the caller's transaction. */
@QuarkusTest
class JdbcTest {

    @Inject
    Jdbc jdbc;

    @Inject
    EntityManager entityManager;

    @Test
    void positionalParametersMayRepeatAndComeInAnyOrder() {
        Object[] row = jdbc.list("select cast(?2 as text), cast(?1 as bigint), cast(?2 as text) || '!'", 7L, "two").get(0);
        assertArrayEquals(new Object[] {"two", 7L, "two!"}, row);
    }

    @Test
    void instantsBindAsTimestampsAndArraysComeBackAsJavaArrays() {
        Instant at = Instant.parse("2026-12-05T09:15:30.123456Z");
        Object[] row = jdbc.list("select cast(?1 as timestamptz), cast(?2 as varchar[])", at, "{a,b}").get(0);
        assertEquals(at, ((Timestamp) row[0]).toInstant());
        assertArrayEquals(new String[] {"a", "b"}, (Object[]) row[1]);
    }

    @Test
    void aMissingParameterIsRefusedBeforeTheStatementRuns() {
        assertThrows(IllegalArgumentException.class, () -> jdbc.list("select cast(?2 as text)", "only one"));
    }

    @Test
    void insideATransactionTheStatementsUseItsConnection() {
        // A temporary table lives on one connection: Hibernate in the same transaction sees it only if both share it.
        long seen = QuarkusTransaction.requiringNew().call(() -> {
            jdbc.update("create temporary table jdbc_probe (x int) on commit drop");
            jdbc.update("insert into jdbc_probe values (?1), (?1)", 3);
            return ((Number) entityManager.createNativeQuery("select count(*) from jdbc_probe where x = 3").getSingleResult()).longValue();
        });
        assertEquals(2, seen);
    }

    @Test
    void aRolledBackTransactionTakesItsStatementsWithIt() {
        String marker = "jdbc-rollback-" + System.nanoTime();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            jdbc.update("insert into audit_event (occurred_at, action) values (?1, ?2)", Instant.now(), marker);
            throw new IllegalStateException("roll back");
        }));
        List<Object[]> rows = jdbc.list("select count(*) from audit_event where action = ?1", marker);
        assertEquals(0L, rows.get(0)[0]);
    }
}
