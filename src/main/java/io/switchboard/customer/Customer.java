package io.switchboard.customer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A customer: a verified phone number. Its id is also the id of its one conversation with the business. */
@Entity
@Table(name = "customer")
public class Customer extends PanacheEntityBase {

    @Id
    public String id;

    public String phone;

    public String name;

    @Column(name = "primary_signing_key")
    public String primarySigningKey;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<Customer> byPhone(String phone) {
        return find("phone", phone).firstResultOptional();
    }
}
