package dev.estimator.catalog.repository;

import java.util.List;

import jakarta.persistence.Convert;
import jakarta.persistence.Entity;

/** A phase of the development history (seed report [6]); {@code endYear} null = ongoing. */
@Entity
public class HistoryPhase extends CatalogEntity {

    public String name;
    public Integer startYear;
    public Integer endYear;
    public Integer ordinal;
    public String description;
    /** Model ids. */
    @Convert(converter = JsonTextConverter.StringList.class)
    public List<String> milestoneModels;
}
