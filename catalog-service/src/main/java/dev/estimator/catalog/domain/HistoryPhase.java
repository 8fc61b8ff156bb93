package dev.estimator.catalog.domain;

import java.util.List;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A phase of the development history (seed report [6]); {@code endYear} null = ongoing. */
@Entity
@Table(name = "history_phase")
public class HistoryPhase extends PanacheEntityBase {

    @Id
    public String id;
    public String name;
    @Column(name = "start_year")
    public Integer startYear;
    @Column(name = "end_year")
    public Integer endYear;
    public Integer ordinal;
    @Column(length = 2000)
    public String description;
    /** Model ids. */
    @Column(name = "milestone_models", length = 2000)
    @Convert(converter = JsonTextConverters.StringList.class)
    public List<String> milestoneModels;
    @Column(length = 2000)
    public String source;
}
