package io.switchboard.platform.error;

import java.sql.SQLException;

/**
 * Recognises a failure caused by the database being away (stopped, restarting, or no pooled
 * connection to be had in time), as opposed to a bug: the client gets {@code 503} and sends again.
 */
final class DatabaseUnreachable {

    private DatabaseUnreachable() {
    }

    static boolean causedIt(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && (connectionLost(sql.getSQLState()) || poolExhausted(sql))) {
                return true;
            }
        }
        return false;
    }

    /** Class 08 (connection exception) and 57P01–57P03 (server shutting down, crashed, starting up). */
    private static boolean connectionLost(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    /** Agroal's answer when no connection could be had within the acquisition timeout (it has no SQL state). */
    private static boolean poolExhausted(SQLException sql) {
        return sql.getMessage() != null && sql.getMessage().startsWith("Acquisition timeout");
    }
}
