package io.switchboard.federation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The {@code federation_peer} rows. */
@ApplicationScoped
class PeerStore {

    private final EntityManager entityManager;

    PeerStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    Optional<Peer> find(String domain) {
        return rows("select domain, address, trust_pem, enabled from federation_peer where domain = ?1", domain).stream().findFirst();
    }

    List<Peer> all() {
        return rows("select domain, address, trust_pem, enabled from federation_peer order by domain", null);
    }

    void put(Peer peer, Instant at) {
        entityManager.createNativeQuery("""
                        insert into federation_peer (domain, address, trust_pem, enabled, updated_at) values (?1, ?2, ?3, ?4, ?5)
                        on conflict (domain) do update set address = excluded.address, trust_pem = excluded.trust_pem,
                                                           enabled = excluded.enabled, updated_at = excluded.updated_at""")
                .setParameter(1, peer.domain()).setParameter(2, peer.address()).setParameter(3, peer.trustPem())
                .setParameter(4, peer.enabled()).setParameter(5, at.atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    boolean delete(String domain) {
        return entityManager.createNativeQuery("delete from federation_peer where domain = ?1").setParameter(1, domain).executeUpdate() > 0;
    }

    @SuppressWarnings("unchecked")
    private List<Peer> rows(String sql, String domain) {
        var query = entityManager.createNativeQuery(sql);
        if (domain != null) {
            query.setParameter(1, domain);
        }
        return ((List<Object[]>) query.getResultList()).stream()
                .map(row -> new Peer((String) row[0], (String) row[1], (String) row[2], (Boolean) row[3])).toList();
    }
}
