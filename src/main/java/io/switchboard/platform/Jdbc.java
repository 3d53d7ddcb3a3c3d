package io.switchboard.platform;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Native SQL on the hot paths, straight through JDBC. The same statements as Hibernate native queries
 * cost about a third of the app's CPU per message under load: Hibernate parses, plans and binds every
 * execution and wraps each in its session (docs/performance.md, "Hibernate's share"). Inside a JTA
 * transaction the pool hands out the transaction's connection, so these statements join it; outside
 * one they run in autocommit, which for reads is what a READ COMMITTED transaction gives anyway (each
 * statement its own snapshot).
 *
 * <p>Unlike a Hibernate native query this does <em>not</em> flush the persistence context first: use it
 * only where no entity written earlier in the same transaction must be visible to the statement.
 *
 * <p>Statements use the positional parameters {@code ?1}, {@code ?2}, … of JPA native queries, each
 * usable several times; an {@link Instant} binds as a timestamp. Rows come back as {@code Object[]} with
 * JDBC's values ({@code timestamptz} as {@link Timestamp}, {@code bytea} as {@code byte[]}, arrays as Java arrays).
 */
@ApplicationScoped
public class Jdbc {

    private static final Pattern POSITIONAL = Pattern.compile("\\?(\\d+)");

    /** A statement rewritten for JDBC: its text with plain {@code ?} and, per {@code ?}, which parameter it takes. */
    private record Rewritten(String sql, int[] parameterOfMarker) {
    }

    private final AgroalDataSource dataSource;
    private final Map<String, Rewritten> rewritten = new ConcurrentHashMap<>();

    public Jdbc(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A PostgreSQL array literal for {@code cast(?n as varchar[])} and the like: ids, numbers and booleans, which need
     * no quoting (base64url ids, digits, {@code true}/{@code false}).
     */
    public static String array(java.util.Collection<?> values) {
        StringBuilder literal = new StringBuilder("{");
        for (Object value : values) {
            literal.append(literal.length() > 1 ? "," : "").append(value);
        }
        return literal.append('}').toString();
    }

    public List<Object[]> list(String sql, Object... parameters) {
        Rewritten statement = rewrite(sql);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
            bind(prepared, statement, parameters);
            try (ResultSet rows = prepared.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                List<Object[]> result = new ArrayList<>();
                while (rows.next()) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = value(rows.getObject(i + 1));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("a statement failed: " + e.getMessage(), e);
        }
    }

    public int update(String sql, Object... parameters) {
        Rewritten statement = rewrite(sql);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
            bind(prepared, statement, parameters);
            return prepared.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("a statement failed: " + e.getMessage(), e);
        }
    }

    private Rewritten rewrite(String sql) {
        return rewritten.computeIfAbsent(sql, text -> {
            Matcher matcher = POSITIONAL.matcher(text);
            StringBuilder plain = new StringBuilder();
            List<Integer> order = new ArrayList<>();
            while (matcher.find()) {
                order.add(Integer.parseInt(matcher.group(1)));
                matcher.appendReplacement(plain, "?");
            }
            matcher.appendTail(plain);
            return new Rewritten(plain.toString(), order.stream().mapToInt(Integer::intValue).toArray());
        });
    }

    private static void bind(PreparedStatement prepared, Rewritten statement, Object[] parameters) throws SQLException {
        int[] order = statement.parameterOfMarker();
        for (int marker = 0; marker < order.length; marker++) {
            int parameter = order[marker];
            if (parameter < 1 || parameter > parameters.length) {
                throw new IllegalArgumentException("?" + parameter + " has no value (" + parameters.length + " given)");
            }
            Object value = parameters[parameter - 1];
            prepared.setObject(marker + 1, value instanceof Instant instant ? Timestamp.from(instant) : value);
        }
    }

    private static Object value(Object column) throws SQLException {
        return column instanceof Array array ? array.getArray() : column;
    }
}
