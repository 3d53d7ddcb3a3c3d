package io.switchboard.federation;

/**
 * A peer provider the business allows: its domain, where to reach it ({@code https://host:port}, its
 * directory is at {@code /.well-known/mimi-protocol-directory} there), the PEM certificates its chains
 * must end in, and whether it is on.
 */
public record Peer(String domain, String address, String trustPem, boolean enabled) {
}
