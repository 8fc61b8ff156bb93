package dev.estimator.catalog.domain;

import java.util.List;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An application sector of the application layer, with the modalities it needs. */
@Entity
@Table(name = "application")
public class IndustryApplication extends PanacheEntityBase {

    @Id
    public String id;
    public String name;
    @Column(length = 500)
    @Convert(converter = JsonTextConverters.StringList.class)
    public List<String> modalities;
    @Column(length = 2000)
    public String source;
}
