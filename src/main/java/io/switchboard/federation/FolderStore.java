package io.switchboard.federation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The {@code federation_folder} row; none means the default, the main list. */
@ApplicationScoped
class FolderStore {

    private final EntityManager entityManager;

    FolderStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    ThirdPartyFolder get() {
        List<?> rows = entityManager.createNativeQuery("select folder from federation_folder where id = 1").getResultList();
        return rows.isEmpty() ? ThirdPartyFolder.MAIN : ThirdPartyFolder.fromCode((String) rows.get(0)).orElseThrow();
    }

    void put(ThirdPartyFolder folder, Instant at, String deviceId) {
        entityManager.createNativeQuery("""
                        insert into federation_folder (id, folder, updated_at, updated_by) values (1, ?1, ?2, ?3)
                        on conflict (id) do update set folder = excluded.folder, updated_at = excluded.updated_at,
                                                       updated_by = excluded.updated_by""")
                .setParameter(1, folder.code()).setParameter(2, at.atOffset(ZoneOffset.UTC)).setParameter(3, deviceId).executeUpdate();
    }
}
