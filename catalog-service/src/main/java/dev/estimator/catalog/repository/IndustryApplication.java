package dev.estimator.catalog.repository;

import java.util.List;

import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An application sector of the application layer, with the modalities it needs. */
@Entity
@Table(name = "application")
public class IndustryApplication extends CatalogEntity {

    public String name;
    @Convert(converter = JsonTextConverter.StringList.class)
    public List<String> modalities;
}
