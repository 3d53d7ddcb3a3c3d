package io.switchboard.federation;

import io.switchboard.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code federation_peer} rows; plain JDBC, since every request of a peer reads its row (docs/performance.md). */
@ApplicationScoped
class PeerStore {

    private static final String COLUMNS = "select domain, address, trust_pem, enabled from federation_peer ";

    private final Jdbc jdbc;

    PeerStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Peer> find(String domain) {
        return peers(jdbc.list(COLUMNS + "where domain = ?1", domain)).stream().findFirst();
    }

    List<Peer> all() {
        return peers(jdbc.list(COLUMNS + "order by domain"));
    }

    void put(Peer peer, Instant at) {
        jdbc.update("""
                        insert into federation_peer (domain, address, trust_pem, enabled, updated_at) values (?1, ?2, ?3, ?4, ?5)
                        on conflict (domain) do update set address = excluded.address, trust_pem = excluded.trust_pem,
                                                           enabled = excluded.enabled, updated_at = excluded.updated_at""",
                peer.domain(), peer.address(), peer.trustPem(), peer.enabled(), at);
    }

    boolean delete(String domain) {
        return jdbc.update("delete from federation_peer where domain = ?1", domain) > 0;
    }

    private static List<Peer> peers(List<Object[]> rows) {
        return rows.stream().map(row -> new Peer((String) row[0], (String) row[1], (String) row[2], (Boolean) row[3])).toList();
    }
}
